"""Arabic date words: plain data read by `mideast_nlp.dates`. Folded forms (see `fold`)."""

from __future__ import annotations

# Month names: Egyptian/Gulf (Latin-derived), Levantine/Iraqi (Syriac), and Maghrebi (French-derived).
MONTHS: dict[str, int] = {
    "يناير": 1,
    "فبراير": 2,
    "مارس": 3,
    "ابريل": 4,
    "مايو": 5,
    "يونيو": 6,
    "يوليو": 7,
    "اغسطس": 8,
    "سبتمبر": 9,
    "اكتوبر": 10,
    "نوفمبر": 11,
    "ديسمبر": 12,
    "كانون الثاني": 1,
    "شباط": 2,
    "اذار": 3,
    "نيسان": 4,
    "ايار": 5,
    "حزيران": 6,
    "تموز": 7,
    "اب": 8,
    "ايلول": 9,
    "تشرين الاول": 10,
    "تشرين الثاني": 11,
    "كانون الاول": 12,
    "جانفي": 1,
    "فيفري": 2,
    "افريل": 4,
    "ماي": 5,
    "جوان": 6,
    "جويليه": 7,
    "اوت": 8,
}

# Weekdays, Monday = 0 as in datetime.date.weekday().
WEEKDAYS: dict[str, int] = {
    "الاثنين": 0,
    "الإثنين": 0,
    "الثلاثاء": 1,
    "الاربعاء": 2,
    "الخميس": 3,
    "الجمعه": 4,
    "السبت": 5,
    "الاحد": 6,
}

# Relative day words: offset in days from the article's date.
RELATIVE_DAYS: dict[str, int] = {"امس": -1, "البارحه": -1, "اليوم": 0, "غدا": 1}

# Relative periods (الشهر الماضي، الأسبوع المقبل، العام الجاري): the period's code and the shift.
PERIODS: dict[str, int] = {"الاسبوع": 1, "الشهر": 2, "العام": 3, "السنه": 3}
PERIOD_SHIFTS: dict[str, int] = {
    "الماضي": -1,
    "الماضيه": -1,
    "المنصرم": -1,
    "المنصرمه": -1,
    "الفائت": -1,
    "الفائته": -1,
    "المقبل": 1,
    "المقبله": 1,
    "القادم": 1,
    "القادمه": 1,
    "الحالي": 0,
    "الحاليه": 0,
    "الجاري": 0,
    "الجاريه": 0,
}
