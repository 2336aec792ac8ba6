from ninja import Schema


class ChecklistItemOut(Schema):
    code: str
    kind: str
    label_ru: str
    label_en: str
    required: bool


class RequestTypeOut(Schema):
    code: str
    name_ru: str
    name_en: str
    description_ru: str
    description_en: str
    category: str
    scope: str
    product: str
    typical: bool
    checklist: list[ChecklistItemOut]
