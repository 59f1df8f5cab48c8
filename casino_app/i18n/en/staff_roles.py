"""English messages: what each staff role may do in the console (support reads, operators act, admins configure
and publish)."""

MESSAGES: dict[str, str] = {
    "admin.editor_read_only": "You can read this list. Creating, changing and publishing are for admins.",
    "error.STAFF_SITE_ID_TAKEN": "That site ID is already taken.",
    "error.STAFF_PASSWORD_WEAK": "Staff passwords need at least 12 characters and cannot be a default or common one.",
    "error.STAFF_ROLE_INVALID": "The role must be support, operator or admin.",
}
