"""Korean (the default) messages: what each staff role may do in the console (support reads, operators act,
admins configure and publish)."""

MESSAGES: dict[str, str] = {
    "admin.editor_read_only": "이 목록은 읽기만 할 수 있어요. 만들고 고치고 게시하는 일은 관리자(admin)만 할 수 있어요.",
    "error.STAFF_SITE_ID_TAKEN": "이미 사용 중인 아이디예요.",
    "error.STAFF_PASSWORD_WEAK": "운영진 비밀번호는 12자 이상이어야 하고, 기본값이나 흔한 비밀번호는 쓸 수 없어요.",
    "error.STAFF_ROLE_INVALID": "역할은 support, operator, admin 중 하나여야 해요.",
}
