"""English: the character-story gallery (screen, requirements, errors) and the stories themselves.

``MESSAGES`` is merged into the UI catalog like every area's. ``STORIES`` is not: the story texts reach a
browser only through the age-gated gallery (``services.stories``), stage by stage, never with the catalog.
Per story: ``title``, ``character``, ``stage1`` (the opening lines), ``stage2`` (the first half, which starts
with those lines) and ``stage3`` (the rest); paragraphs are separated by a blank line.
"""

MESSAGES: dict[str, str] = {
    "nav.stories": "Story gallery",
    "page.stories_title": "Story gallery — Casino Club",
    "error.STORY_NOT_FOUND": "There is no such story.",
    "error.STORY_STAGE_INVALID": "Only stages 2 and 3 can be opened.",
    "error.STORY_LOCKED": "The conditions to open this stage are not met yet.",
    "stories.title": "Character story gallery",
    "stories.lead": "Short stories about the people who work at Casino Club. Each has three stages: a teaser, "
    "half the story and the whole story.",
    "stories.notice_title": "Please note",
    "stories.notice": (
        "This gallery is only for members whose age is verified as adult under the Korean Youth Protection Act "
        "(from 1 January of the year they turn 19). Every story and picture is an original work made by Casino "
        "Club and has nothing to do with real people or organisations. Opening a story costs no gold and has no "
        "effect on game results, odds or prices."
    ),
    "stories.notice_pack": (
        "Every stage can be opened without buying anything. Holding the shop's “Story pack” opens some stage 3s "
        "at once, and the pack is not used up. If you withdraw the pack's purchase, the stages it opened lock again."
    ),
    "stories.gate_title": "Age verification needed",
    "stories.gate_body": (
        "The story gallery is for members verified as adults. Verify your age with your birth date on your "
        "profile and the gallery opens right away."
    ),
    "stories.gate_link": "Verify your age on your profile",
    "stories.stage_1": "Stage 1 · Teaser",
    "stories.stage_2": "Stage 2 · Half the story",
    "stories.stage_3": "Stage 3 · The whole story",
    "stories.state_unlocked": "Open",
    "stories.state_unlockable": "Ready to open",
    "stories.state_locked": "Locked",
    "stories.open_for_adults": "Open to every member with a verified age.",
    "stories.unlock": "Open",
    "stories.any_of": "Meet any one of these to open it.",
    "stories.needs_stage_2": "Open stage 2 first.",
    "stories.req_level": "Reach level {target}",
    "stories.req_battlepass": "Reach tier {target} of this season's battle pass",
    "stories.req_battlepass_none": "Reach tier {target} of this season's battle pass (no season is running now)",
    "stories.req_achievement": "Unlock the achievement “{name}”",
    "stories.req_pack": "Hold the shop item “{name}” (it is not used up)",
    "stories.pack_story_pack_1": "Story pack",
    "item.story_pack_1": "Story pack",
    "stories.source_level": "Opened with a level",
    "stories.source_battlepass": "Opened with a battle pass tier",
    "stories.source_achievement": "Opened with an achievement",
    "stories.source_pack": "Opened with the story pack",
    "stories.unlocked_at": "{source} · {at} (KST)",
    "stories.unlocked_result": "Opened stage {stage} of “{title}”.",
    "stories.progress_label": "Progress",
    "stories.art_alt": "Illustration of {character}",
    "stories.teaser_hint": "In the teaser the picture is blurred; it turns sharp once stage 2 is open.",
}

STORIES: dict[str, dict[str, str]] = {
    "dealer": {
        "title": "Hana's Paper Cranes",
        "character": "Hana, the dealer",
        "stage1": (
            "When the lights over the card table go out, Hana the dealer always takes a thin sheet of wrapping "
            "paper out of her pocket. It is the silvery paper that a new deck of cards comes wrapped in."
        ),
        "stage2": (
            "When the lights over the card table go out, Hana the dealer always takes a thin sheet of wrapping "
            "paper out of her pocket. It is the silvery paper that a new deck of cards comes wrapped in.\n\n"
            "She smooths it flat on her palm and starts folding, corner to corner. Triangle, square, triangle "
            "again. In a few ticks of the staff-room clock a small paper crane is done, in exactly the order her "
            "grandmother taught her at the kitchen table when she was little.\n\n"
            "Doyun, the new bartender, first saw her do it at dawn in his first week. “Do you fold one every day?” "
            "Hana nodded and set the finished crane on the windowsill. “It marks a day well finished. When work "
            "is over, my hands know before I do that it is time to rest.”"
        ),
        "stage3": (
            "Before long there were more than a hundred cranes. Hana threaded them on a string and hung them in "
            "a long line above the staff-room window. Colleagues would count a few as they walked past, and "
            "Mr. Min, who does the cleaning, lifted them gently with his fingertips whenever he dusted, so that "
            "none of them got hurt.\n\n"
            "One winter night the whole building lost power for a while. In the dark staff room someone pointed "
            "a phone light at the window, and all the silver cranes shone at once, drawing a small constellation "
            "on the ceiling. Nobody said a word. After a long moment Doyun laughed softly. “That's a hundred days "
            "well finished.”\n\n"
            "When the lights came back on, Hana took out a new sheet of wrapping paper as usual. This time she "
            "handed it to Doyun. “Let's fold the first one together. Start with a triangle.”"
        ),
    },
    "bartender": {
        "title": "Yuja Tea on a Rainy Night",
        "character": "Doyun, the bartender",
        "stage1": (
            "On a Tuesday night of unusually heavy rain, the club lounge was quiet. Doyun the bartender was "
            "polishing an empty glass when he heard the little bell on the door ring."
        ),
        "stage2": (
            "On a Tuesday night of unusually heavy rain, the club lounge was quiet. Doyun the bartender was "
            "polishing an empty glass when he heard the little bell on the door ring.\n\n"
            "It was Mr. Park, one of the regulars: a postman who had carried the neighbourhood's letters for "
            "thirty years before he retired. His hands shook a little as he folded his umbrella. “Just getting "
            "out of the rain. Something warm would be plenty.”\n\n"
            "Doyun opened the worn notebook he always carries, full of recipes for drinks made without alcohol. "
            "Two spoons of yuja marmalade, a few slices of ginger, a drop of honey. When he poured in the hot "
            "water, a yellow scent slowly spread across the counter."
        ),
        "stage3": (
            "Mr. Park held the cup in both hands and said nothing for a long time. Then he began to talk about "
            "delivering on rainy days: love letters he kept deep in his bag so they would not get wet, a mother "
            "waiting for her son's reply from the army, a Christmas card with a wrong address that he carried "
            "around for a week. Doyun forgot all about his glasses and listened.\n\n"
            "The next Tuesday, Mr. Park brought a faded postcard printed with a photo of him and his colleagues "
            "from his postman days. “Your tea made me remember, so I went and found it.” Doyun tucked the "
            "postcard next to the mirror behind the counter.\n\n"
            "From that day on there was a new name at the bottom of the menu: “The Postman — yuja, ginger, "
            "honey. On rainy days, drink it slowly.”"
        ),
    },
    "dj": {
        "title": "The Collector of City Sounds",
        "character": "Luna, the DJ",
        "stage1": (
            "In DJ Luna's bag, a small recorder goes in before the headphones do. Every morning on her way to "
            "work, Luna collects the sounds of the city."
        ),
        "stage2": (
            "In DJ Luna's bag, a small recorder goes in before the headphones do. Every morning on her way to "
            "work, Luna collects the sounds of the city.\n\n"
            "The first train gliding along the rails, a fish-shaped pastry mould flipping over in a market "
            "alley, a can tumbling out of the vending machine in front of the corner shop. Luna labels every "
            "sound with the date and place and files it in a folder called “Today's City”.\n\n"
            "An hour before the club closes, Luna slows the music down little by little. Where the heavy beat "
            "used to be, she lays the collected sounds in one by one. When a low synthesiser hums under "
            "raindrops tapping on an awning, the guests still there drop their shoulders and breathe more "
            "slowly without noticing."
        ),
        "stage3": (
            "One early morning Mr. Min, doing the closing clean-up, started humming along to that music. Luna "
            "quietly switched on her recorder. When he noticed and smiled shyly, she asked, “This is a city "
            "sound too. May I use it?”\n\n"
            "The next night the last track carried a low, warm hum between the rain and the first train. "
            "Mr. Min stopped in front of the speaker with his broom in his hand and listened to the very end.\n\n"
            "Luna renamed the file: “Today's City — a sound we made together.” Then she put a fresh battery in "
            "her recorder. There would be plenty of sounds to collect again tomorrow morning."
        ),
    },
}
