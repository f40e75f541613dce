"""The interface's words in English and Persian, and numbers and dates as each reads them.

Digits and dates come from the report's own helpers (``report.i18n``, which
uses jdatetime for the Jalali calendar), so the app and the report agree.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from reckon.report import i18n as report_i18n

LANGS = ("en", "fa")

WORDS: dict[str, tuple[str, str]] = {
    "app": ("reckon", "رکن"),
    "dashboard": ("Dashboard", "پیشخوان"),
    "records": ("Records", "سوابق"),
    "new_record": ("Enter a record", "ثبت سابقه"),
    "review": ("Review", "بازبینی"),
    "edits": ("Proposed edits", "ویرایش‌های پیشنهادی"),
    "upload": ("Upload", "بارگذاری"),
    "estimate": ("Estimates", "برآوردها"),
    "verify": ("Verify", "وارسی"),
    "audit": ("Audit log", "دفتر رویدادها"),
    "users": ("Users", "کاربران"),
    "logout": ("Log out", "خروج"),
    "login": ("Log in", "ورود"),
    "username": ("User name", "نام کاربری"),
    "password": ("Password", "گذرواژه"),
    "code": ("Code (if you use one)", "کد یک‌بارمصرف (در صورت داشتن)"),
    "search": ("Search names in any script", "جست‌وجوی نام به هر خط"),
    "source": ("Source", "منبع"),
    "province": ("Province", "استان"),
    "event_type": ("Event", "رویداد"),
    "status": ("Status", "وضعیت"),
    "date_from": ("From", "از تاریخ"),
    "date_to": ("To", "تا تاریخ"),
    "filter": ("Filter", "پالایش"),
    "name": ("Name", "نام"),
    "father_name": ("Father's name", "نام پدر"),
    "sex": ("Sex", "جنسیت"),
    "age": ("Age", "سن"),
    "date": ("Date", "تاریخ"),
    "place": ("Place", "محل"),
    "cause": ("Cause", "علت"),
    "notes": ("Notes", "یادداشت"),
    "raw": ("Raw row", "ردیف خام"),
    "record_id": ("Record id in the source", "شناسه در منبع"),
    "kind": ("Kind of list", "نوع فهرست"),
    "save": ("Save", "ذخیره"),
    "reading": ("How reckon reads it", "برداشت رکن"),
    "jalali_date": ("Jalali date", "تاریخ خورشیدی"),
    "person": ("Person", "فرد"),
    "evidence": ("Evidence", "مدرک"),
    "timeline": ("Timeline", "گاه‌شمار"),
    "linked_records": ("Linked records", "سوابق پیوسته"),
    "page": ("Page", "صفحه"),
    "of": ("of", "از"),
    "found": ("found", "یافت شد"),
    "next": ("Next", "بعدی"),
    "previous": ("Previous", "قبلی"),
    "match": ("Match", "یکی‌اند"),
    "non_match": ("Not a match", "یکی نیستند"),
    "unsure": ("Unsure", "مطمئن نیستم"),
    "keys_hint": (
        "Keys: m match, n not a match, u unsure",
        "کلیدها: m یکی‌اند، n یکی نیستند، u مطمئن نیستم",
    ),
    "no_pairs": ("No pairs await review.", "جفتی در انتظار بازبینی نیست."),
    "probability": ("Probability", "احتمال"),
    "upload_list": ("Upload a list", "بارگذاری فهرست"),
    "upload_evidence": ("Add evidence", "افزودن مدرک"),
    "file": ("File", "پرونده"),
    "not_recognised": (
        "reckon did not recognise which column names the person; the file's columns",
        "رکن ستون نام فرد را نشناخت؛ ستون‌های پرونده",
    ),
    "mapping": ("Which column holds each field?", "هر ستون کدام داده است؟"),
    "collected_by": ("Collected by", "گردآورنده"),
    "collected_at": ("Collected at", "زمان گردآوری"),
    "location": ("Location", "مکان"),
    "acquisition": ("How acquired", "شیوهٔ دستیابی"),
    "description": ("Description", "شرح"),
    "witness": ("Witness (sealed)", "شاهد (مهروموم)"),
    "contact": ("Contact (sealed)", "تماس (مهروموم)"),
    "sensitive": ("Seal the file itself", "خود پرونده مهروموم شود"),
    "supports": ("Supports records (SOURCE:ID, one a line)", "پشتیبان سوابق (منبع:شناسه)"),
    "method": ("Method", "روش"),
    "run": ("Run", "اجرا"),
    "observed": ("Observed", "ثبت‌شده"),
    "estimated": ("Estimated total", "برآورد کل"),
    "interval": ("95% interval", "بازهٔ ۹۵٪"),
    "ok": ("Everything checks out.", "همه‌چیز درست است."),
    "faults": ("Faults", "ایرادها"),
    "who": ("Who", "چه کسی"),
    "what": ("What", "چه"),
    "when": ("When", "کی"),
    "role": ("Role", "نقش"),
    "add_user": ("Add a user", "افزودن کاربر"),
    "disable": ("Disable", "غیرفعال‌سازی"),
    "disabled": ("disabled", "غیرفعال"),
    "totp": ("Ask for a one-time code", "کد یک‌بارمصرف بخواهد"),
    "persons": ("Persons", "افراد"),
    "sources": ("Sources", "منابع"),
    "per_day": ("Records per day", "سوابق در هر روز"),
    "by_province": ("By province", "به تفکیک استان"),
    "by_event": ("By event", "به تفکیک رویداد"),
    "language": ("فارسی", "English"),
    "forbidden": ("You may not see this page.", "اجازهٔ دیدن این صفحه را ندارید."),
    "not_found": ("Not found.", "یافت نشد."),
    "error": ("Something went wrong; nothing was changed.", "خطایی رخ داد؛ چیزی تغییر نکرد."),
    "accept": ("Accept", "پذیرش"),
    "refuse": ("Refuse", "رد"),
    "edit": ("Edit a field", "ویرایش یک فیلد"),
    "field": ("Field", "فیلد"),
    "value": ("Value", "مقدار"),
    "sent_to_review": (
        "Your edit of another's record waits for a reviewer.",
        "ویرایش شما روی سابقهٔ دیگری در انتظار بازبین است.",
    ),
    "entered": ("Record entered and signed.", "سابقه ثبت و امضا شد."),
    "imported": ("records imported", "سابقه وارد شد"),
    "mine": ("Only mine", "فقط سوابق من"),
    "any": ("any", "همه"),
    # record fields, as the record page and the review queue name them
    "full_name": ("Name as written", "نام چنان‌که نوشته شده"),
    "given_name": ("Given name", "نام کوچک"),
    "family_name": ("Family name", "نام خانوادگی"),
    "name_canonical": ("Name as read", "نام خوانده‌شده"),
    "source_record_id": ("Id in the source", "شناسه در منبع"),
    "date_text": ("Date as written", "تاریخ چنان‌که نوشته شده"),
    "date_calendar": ("Calendar", "گاه‌شماری"),
    "date_precision": ("Precision", "دقت"),
    "date_start": ("Date", "تاریخ"),
    "date_end": ("Until", "تا"),
    "place_text": ("Place as written", "محل چنان‌که نوشته شده"),
    "province_code": ("Province", "استان"),
    "county": ("County", "شهرستان"),
    "city": ("City", "شهر"),
    "person_id": ("Person", "فرد"),
    "match_probability": ("Link probability", "احتمال پیوند"),
    "is_incident": ("An incident (a count)", "رخداد (شمار)"),
    "count_min": ("At least", "دست‌کم"),
    "count_max": ("At most", "حداکثر"),
    "status_word": ("Status", "وضعیت"),
    "male": ("male", "مرد"),
    "female": ("female", "زن"),
    "confirmed": ("confirmed", "تأییدشده"),
    "under_investigation": ("under investigation", "در دست بررسی"),
    "killed": ("killed", "کشته"),
    "died_in_custody": ("died in custody", "جان‌باخته در بازداشت"),
    "executed": ("executed", "اعدام"),
    "detained": ("detained", "بازداشت"),
    "disappeared": ("disappeared", "ناپدید"),
    "injured": ("injured", "زخمی"),
    "unknown": ("unknown", "نامعلوم"),
    "export_csv": ("CSV of this search", "CSV این جست‌وجو"),
}


def word(key: str, lang: str) -> str:
    pair = WORDS.get(key)
    if pair is None:
        return key
    return pair[1] if lang == "fa" else pair[0]


def number(value: Any, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and not value.is_integer():
        return report_i18n.digits(f"{value:,.2f}", "fa" if lang == "fa" else "en")
    return report_i18n.num(float(value), "fa" if lang == "fa" else "en")


def day(value: Any, lang: str) -> str:
    """A date in both calendars, the reader's own first (Jalali for Persian)."""
    if value is None:
        return ""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return str(value)
    if isinstance(value, dt.datetime):
        value = value.date()
    return report_i18n.date(value, "fa" if lang == "fa" else "en")


def digits(text: Any, lang: str) -> str:
    return report_i18n.digits(str(text), "fa" if lang == "fa" else "en")
