"""The report's words in English and Persian, numbers and dates as each reader expects them.

Persian text uses Persian digits (۰-۹) with the Arabic thousands separator and
Jalali dates first; English uses Western digits and Gregorian dates first. The
calendar conversion is jdatetime's; nothing here does calendar arithmetic.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import jdatetime

Lang = Literal["en", "fa"]
LANGS: tuple[Lang, ...] = ("en", "fa")

_FA_DIGITS = str.maketrans("0123456789.,-", "۰۱۲۳۴۵۶۷۸۹٫٬–")

GREGORIAN_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
GREGORIAN_SHORT = tuple(m[:3] for m in GREGORIAN_MONTHS)
JALALI_MONTHS_FA = [
    "فروردین",
    "اردیبهشت",
    "خرداد",
    "تیر",
    "مرداد",
    "شهریور",
    "مهر",
    "آبان",
    "آذر",
    "دی",
    "بهمن",
    "اسفند",
]
JALALI_MONTHS_EN = [
    "Farvardin",
    "Ordibehesht",
    "Khordad",
    "Tir",
    "Mordad",
    "Shahrivar",
    "Mehr",
    "Aban",
    "Azar",
    "Dey",
    "Bahman",
    "Esfand",
]
GREGORIAN_MONTHS_FA = [
    "ژانویه",
    "فوریه",
    "مارس",
    "آوریل",
    "مه",
    "ژوئن",
    "ژوئیه",
    "اوت",
    "سپتامبر",
    "اکتبر",
    "نوامبر",
    "دسامبر",
]


def digits(text: str, lang: Lang) -> str:
    """Western digits to Persian ones (and their separators) for a Persian reader."""
    return text.translate(_FA_DIGITS) if lang == "fa" else text


def num(value: float, lang: Lang) -> str:
    """A count, rounded, with thousands separated as the reader writes them."""
    return digits(f"{round(value):,}", lang)


def pct(value: float, lang: Lang) -> str:
    text = f"{100 * value:.0f}"
    return f"٪{digits(text, lang)}" if lang == "fa" else f"{text}%"


def gregorian(day: dt.date, lang: Lang) -> str:
    if lang == "fa":
        return digits(f"{day.day} {GREGORIAN_MONTHS_FA[day.month - 1]} {day.year}", lang)
    return f"{day.day} {GREGORIAN_MONTHS[day.month - 1]} {day.year}"


def jalali(day: dt.date, lang: Lang) -> str:
    j = jdatetime.date.fromgregorian(date=day)
    if lang == "fa":
        return digits(f"{j.day} {JALALI_MONTHS_FA[j.month - 1]} {j.year}", lang)
    return f"{j.day} {JALALI_MONTHS_EN[j.month - 1]} {j.year}"


def date(day: dt.date, lang: Lang) -> str:
    """Both calendars, the reader's own first."""
    if lang == "fa":
        return f"{jalali(day, lang)} ({gregorian(day, lang)})"
    return f"{gregorian(day, lang)} ({jalali(day, lang)})"


@dataclass(frozen=True)
class Words:
    """Every fixed phrase of the report in one language (``{}`` fields filled by the caller)."""

    lang: Lang
    dir: str
    title: str
    generated: str
    headline: str
    headline_documented_only: str
    headline_unlinked: str
    interval_means: str
    not_quotable: str
    doubt: dict[str, str]
    notes_intro: str
    note: dict[str, str]
    stale: str
    changes: dict[str, str]
    methods: dict[str, str]
    by_field: dict[str, str]
    no_estimate: dict[str, str]
    origin_report: str
    origin_recorded: str
    origin_draws: str
    run_title: str
    run_fields: tuple[str, ...]
    period: str
    period_unknown: str
    place: str
    lists_used: str
    fingerprint: str
    fingerprint_how: str
    contents: str
    map_title: str
    map_documented: str
    map_estimated: str
    map_none: str
    map_no_estimate: str
    map_attribution: str
    map_key_title: str
    map_key_estimated: str
    strata_unsafe: str
    overlap_title: str
    overlap_note: str
    overlap_bar: str
    overlap_set: str
    days_title: str
    days_note: str
    days_axis: str
    ages_title: str
    minors: str
    minors_none: str
    minors_band: str
    ages_axis: str
    sex: dict[str, str]
    events_title: str
    events: dict[str, str]
    event_sentence: str
    corroboration: str
    strata_title: str
    strata_none: str
    strata_cols: tuple[str, str, str, str]
    sources_title: str
    source_line: str
    source_period: str
    kinds: dict[str, str]
    linkage_title: str
    linkage_run: str
    linkage_measured: str
    linkage_synthetic: str
    linkage_unmeasured: str
    assumptions_title: str
    assumptions: tuple[str, ...]
    evidence_title: str
    evidence_intro: str
    evidence_files: tuple[str, str, str]
    evidence_data: str
    evidence_check: str
    tables_title: str
    download: str
    appendix_title: str
    appendix_intro: str
    notice_title: str
    notice_osm: str
    notice_font: str
    persons: str
    records: str
    unknown: str


EN = Words(
    lang="en",
    dir="ltr",
    title="Victims documented and estimated",
    generated="Report generated {date} by reckon from the case «{case}».",
    headline=(
        "{documented} victims are documented by name in {lists} lists; the estimated total, "
        "counting those no list has reached, is {estimate} (95% interval {lo} to {hi})."
    ),
    headline_documented_only="{documented} victims are documented by name in {lists} lists.",
    headline_unlinked=(
        "The {lists} lists hold {documented} records naming victims; they have not been linked "
        "into persons yet, so one person may still be counted more than once."
    ),
    interval_means=(
        "What the interval means: given these lists and the model's assumptions (below), the "
        "total lies between {lo} and {hi} with 95% probability. It does not include victims "
        "that no list could ever reach."
    ),
    not_quotable=(
        "No estimate of the total is given here. {reasons} The documented count stands on its own."
    ),
    doubt={
        "converged": "The computation did not settle on one number: its repeated runs still "
        "disagree, or it stopped before its own checks passed.",
        "identified": "The lists do not overlap in a way that lets the model decide a number.",
        "disagree": "Methods resting on different assumptions give totals whose 95% intervals "
        "do not overlap, so no one of them should be quoted alone.",
    },
    notes_intro="Notes on this estimate (they do not stop it being quoted):",
    note={
        "budget": "The computation used all the time it was given; its checks still pass.",
        "draws": "Some of the linkages drawn to carry the doubt about linkage raised doubts of "
        "their own; the pooled result passes its checks.",
        "strata": "Some strata had too few people to be estimated alone and were estimated "
        "together.",
        "mixing": "Parts of the computation settled slowly; the final checks pass.",
        "classes": "The model used all the flexibility (latent classes) it was given.",
        "identified": "Part of the data could not carry a number of its own (see the appendix).",
        "sparse": "Some lists share few people, which widens the interval.",
        "other": "The method made a remark about these data (see the appendix).",
    },
    stale=(
        "The latest estimate recorded in the case, run on {date}, was {estimate} (95% interval "
        "{lo} to {hi}) for the {observed} persons documented then. The case has changed since "
        "({changes}), so that number is not quoted here: run reckon estimate again."
    ),
    changes={
        "import": "{n} list(s) imported",
        "link.run": "{n} new linkage(s)",
        "record.entered": "{n} record(s) entered",
        "record.edited": "{n} record(s) edited",
        "bundle.imported": "{n} bundle(s) of work merged",
    },
    methods={
        "lcmcr": "latent-class model (LCMCR)",
        "loglinear": "log-linear models",
        "chapman": "Chapman's two-list estimator",
        "dga": "decomposable graphical models (DGA)",
    },
    by_field={
        "province": "by province",
        "month": "by month",
        "sex": "by sex",
        "age_group": "by age group",
    },
    no_estimate={
        "unlinked": "The records have not been linked into persons yet, so no estimate is made.",
        "one_list": "An estimate needs at least two lists; this case has one.",
        "unavailable": "The estimate is not available in this installation.",
        "refused": "The method could not estimate from these lists: {detail}",
        "failed": "The estimate failed ({detail}); the counts below stand.",
    },
    origin_report=(
        "This estimate is the report's own run of the recommended method (latent-class model, "
        "default settings, seed {seed}); it is not an estimate recorded by the case's users."
    ),
    origin_recorded="This is the estimate recorded in the case on {date}: {method}{by}{draws}.",
    origin_draws=", carrying the doubt about linkage over {n} linkages drawn",
    run_title="The recorded run",
    run_fields=("method", "strata", "seed", "linkage draws", "options", "run on", "signed by"),
    period="Period covered: {start} to {end}.",
    period_unknown="No record carries a date.",
    place="Place: {n} of Iran's 31 provinces; most in {top}.",
    lists_used="Lists used: {lists}.",
    fingerprint="Case fingerprint: {fp} (the event log at {events} events).",
    fingerprint_how="Check it: reckon verify CASE --known {fp}",
    contents="Contents",
    map_title="Where: victims by province",
    map_documented="Documented",
    map_estimated="Estimated total",
    map_none="none documented",
    map_no_estimate="no estimate of its own (small strata)",
    map_attribution="Province boundaries © OpenStreetMap contributors, ODbL.",
    map_key_title="The counts on the map",
    map_key_estimated="estimated {n}",
    strata_unsafe=(
        "Shown for completeness: like the total, these estimates are not findings to quote "
        "(see the first page)."
    ),
    overlap_title="How the lists overlap",
    overlap_note=(
        "Each column is a group of persons named by exactly the lists marked with a dot below "
        "it. Persons on several lists are the overlap the estimate rests on."
    ),
    overlap_bar="persons",
    overlap_set="persons on the list",
    days_title="When: victims per day",
    days_note="Only dates known to the day are counted here ({n} of {total}).",
    days_axis="persons per day",
    ages_title="Who: age and sex",
    minors="{n} of the documented victims were minors (under 18): {pct} of those whose age is "
    "known.",
    minors_none="No documented victim is known to have been a minor (under 18).",
    minors_band="minors (under 18)",
    ages_axis="persons",
    sex={"male": "male", "female": "female", "unknown": "sex unknown"},
    events_title="What happened",
    events={
        "killed": "killed",
        "died_in_custody": "died in custody",
        "executed": "executed",
        "detained": "detained",
        "disappeared": "disappeared",
        "injured": "injured",
        "unknown": "not stated",
    },
    event_sentence="{n} {what} ({pct})",
    corroboration=(
        "{confirmed} persons are confirmed (named by two independent lists, or by an official "
        "record); {pending} are named by one kind of source only and remain under "
        "investigation. {multi} are named by more than one list."
    ),
    strata_title="The estimate by province",
    strata_none=(
        "The estimate shown is for the whole case; it was not broken down by province or "
        "period (reckon estimate CASE --method lcmcr --by province does)."
    ),
    strata_cols=("stratum", "documented", "estimated", "95% interval"),
    sources_title="Sources and methods",
    source_line="{name} ({kind}): {records} records from {file}, imported {date}; {rejected} "
    "rows could not be read.",
    source_period=" Its dated records run from {start} to {end}.",
    kinds={
        "morgue": "morgue register",
        "hospital": "hospital records",
        "family": "reports by families",
        "ngo": "a human-rights organisation's list",
        "media": "media reports",
        "social": "social-media posts",
        "official": "official records",
        "other": "other source",
    },
    linkage_title="How records were linked",
    linkage_run=(
        "The same person often appears in several lists. Records were compared pair by pair "
        "({pairs} pairs) on name, date, place, age and sex, and joined when the model judged "
        "them the same person with probability {threshold} or more; {decisions} pairs were "
        "decided by a reviewer. {records} records became {persons} persons."
    ),
    linkage_measured=(
        "On {pairs} pairs labelled by reviewers, the estimated pairwise precision of the linkage "
        "is {precision} and its estimated pairwise recall {recall}."
    ),
    linkage_synthetic=(
        "This is a synthetic case whose truth is known: against it the linkage scores "
        "pairwise F1 {f1}. Real cases have no such truth; their accuracy is measured on a "
        "labelled sample."
    ),
    linkage_unmeasured=(
        "No evaluation sample has been labelled by reviewers yet, so the accuracy of the "
        "linkage on these lists is not measured."
    ),
    assumptions_title="What the estimate assumes, and what would change it",
    assumptions=(
        "The estimate compares the lists with each other: the more they overlap, the fewer "
        "victims are likely to be missing from all of them.",
        "It assumes each person is counted once (the linkage is right), that the lists were "
        "gathered about the same population, and that the model captures how some victims are "
        "easier to document than others.",
        "It cannot see victims that no list could ever reach, for instance in a province where "
        "no list was collected.",
        "New lists, new records, corrected linkage or an estimate by province or period would "
        "change the number; the documented count only grows.",
    ),
    evidence_title="Evidence",
    evidence_intro=(
        "Every list is kept byte for byte in the case's vault, and every step is in its signed "
        "event log. The case fingerprint identifies the log as it was when this report was "
        "made: {fp}."
    ),
    evidence_files=("list", "file", "SHA-256"),
    evidence_data="The data behind each chart, as CSV with HXL hashtags (SHA-256):",
    evidence_check=(
        "To check: reckon verify CASE --known {fp} on the case, and sha256sum FILE on any list "
        "or data file."
    ),
    tables_title="Tables",
    download="Download as CSV",
    appendix_title="Appendix for statisticians",
    appendix_intro="The estimate's full output, its diagnostics and the method's warnings.",
    notice_title="Data notice",
    notice_osm=(
        "Map: province boundaries simplified from OpenStreetMap, © OpenStreetMap contributors, "
        "available under the Open Database License (ODbL)."
    ),
    notice_font="Font: {font}, under the SIL Open Font License 1.1 (shipped beside reckon).",
    persons="persons",
    records="records",
    unknown="unknown",
)

FA = Words(
    lang="fa",
    dir="rtl",
    title="قربانیان مستندشده و برآوردشده",
    generated="این گزارش در {date} با reckon از پرونده‌ی «{case}» ساخته شد.",
    headline=(
        "نام {documented} قربانی در {lists} فهرست ثبت شده است؛ برآورد شمار کل، با احتساب "
        "کسانی که در هیچ فهرستی نیامده‌اند، {estimate} نفر است (بازه‌ی ۹۵ درصدی: {lo} تا {hi})."
    ),
    headline_documented_only="نام {documented} قربانی در {lists} فهرست ثبت شده است.",
    headline_unlinked=(
        "{lists} فهرست {documented} سابقه با نام قربانیان دارند؛ این سوابق هنوز به افراد پیوند "
        "داده نشده‌اند، پس ممکن است یک نفر بیش از یک بار شمرده شود."
    ),
    interval_means=(
        "معنای این بازه: با این فهرست‌ها و فرض‌های مدل (در ادامه)، شمار کل به احتمال ۹۵ درصد "
        "میان {lo} و {hi} است. قربانیانی که هیچ فهرستی هرگز به آنان نرسیده در آن نیستند."
    ),
    not_quotable=(
        "در اینجا برآوردی از شمار کل داده نمی‌شود. {reasons} شمار مستندشده به‌تنهایی معتبر است."
    ),
    doubt={
        "converged": "محاسبه به یک عدد نرسید: اجراهای تکراری آن هنوز با هم هم‌خوان نیستند، یا "
        "پیش از گذراندن آزمون‌های خودش متوقف شد.",
        "identified": "هم‌پوشانی فهرست‌ها به مدل اجازه نمی‌دهد عددی را تعیین کند.",
        "disagree": "روش‌هایی که بر فرض‌های متفاوت استوارند شمارهایی می‌دهند که بازه‌های ۹۵ "
        "درصدی‌شان هم‌پوشانی ندارد؛ پس هیچ‌یک را نباید به‌تنهایی نقل کرد.",
    },
    notes_intro="نکته‌هایی درباره‌ی این برآورد (مانع نقل آن نیستند):",
    note={
        "budget": "محاسبه همه‌ی زمانی را که به آن داده شده بود به کار برد؛ آزمون‌هایش همچنان "
        "برقرارند.",
        "draws": "برخی از پیوندهای نمونه‌گیری‌شده برای سنجش تردید پیوند، تردیدهای خود را "
        "داشتند؛ نتیجه‌ی تجمیعی آزمون‌هایش را می‌گذراند.",
        "strata": "برخی طبقه‌ها افراد کمتری داشتند که جداگانه برآورد شوند و با هم برآورد شدند.",
        "mixing": "بخش‌هایی از محاسبه کند به ثبات رسیدند؛ آزمون‌های نهایی برقرارند.",
        "classes": "مدل همه‌ی انعطافی (طبقه‌های پنهان) را که به آن داده شده بود به کار برد.",
        "identified": "بخشی از داده‌ها به‌تنهایی عددی به دست نمی‌دهد (پیوست را ببینید).",
        "sparse": "برخی فهرست‌ها افراد مشترک کمی دارند و این بازه را گسترده‌تر می‌کند.",
        "other": "روش برآورد نکته‌ای درباره‌ی این داده‌ها گفت (پیوست را ببینید).",
    },
    stale=(
        "آخرین برآورد ثبت‌شده در پرونده، که در {date} اجرا شد، {estimate} نفر بود (بازه‌ی ۹۵ "
        "درصدی: {lo} تا {hi}) برای {observed} نفری که آن زمان مستند بودند. پرونده از آن پس "
        "تغییر کرده است ({changes})، پس آن عدد اینجا نقل نمی‌شود: برآورد را دوباره اجرا کنید."
    ),
    changes={
        "import": "{n} فهرست وارد شد",
        "link.run": "{n} پیوند تازه",
        "record.entered": "{n} سابقه وارد شد",
        "record.edited": "{n} سابقه ویرایش شد",
        "bundle.imported": "{n} بسته‌ی کار ادغام شد",
    },
    methods={
        "lcmcr": "مدل طبقه‌های پنهان (LCMCR)",
        "loglinear": "مدل‌های لگ‌خطی",
        "chapman": "برآوردگر دوفهرستی چپمن",
        "dga": "مدل‌های گرافی تجزیه‌پذیر (DGA)",
    },
    by_field={
        "province": "به تفکیک استان",
        "month": "به تفکیک ماه",
        "sex": "به تفکیک جنس",
        "age_group": "به تفکیک گروه سنی",
    },
    no_estimate={
        "unlinked": "سوابق هنوز به افراد پیوند داده نشده‌اند، پس برآوردی انجام نشد.",
        "one_list": "برآورد دست‌کم به دو فهرست نیاز دارد؛ این پرونده یک فهرست دارد.",
        "unavailable": "برآورد در این نصب در دسترس نیست.",
        "refused": "روش برآورد نتوانست از این فهرست‌ها برآورد کند: {detail}",
        "failed": "برآورد ناموفق بود ({detail})؛ شمارش‌های زیر معتبرند.",
    },
    origin_report=(
        "این برآورد، اجرای خودِ گزارش با روش پیشنهادی است (مدل طبقه‌های پنهان، تنظیمات پیش‌فرض، "
        "بذر {seed})؛ برآوردی نیست که کاربران پرونده ثبت کرده باشند."
    ),
    origin_recorded="این برآوردی است که در {date} در پرونده ثبت شده است: {method}{by}{draws}.",
    origin_draws="، با احتساب تردید پیوند بر {n} پیوند نمونه‌گیری‌شده",
    run_title="اجرای ثبت‌شده",
    run_fields=("روش", "طبقه‌ها", "بذر", "پیوندهای نمونه", "گزینه‌ها", "زمان اجرا", "امضاکننده"),
    period="دوره‌ی زمانی: از {start} تا {end}.",
    period_unknown="هیچ سابقه‌ای تاریخ ندارد.",
    place="مکان: {n} استان از ۳۱ استان ایران؛ بیشترین در {top}.",
    lists_used="فهرست‌های به‌کاررفته: {lists}.",
    fingerprint="اثر انگشت پرونده: {fp} (دفتر رویدادها در {events} رویداد).",
    fingerprint_how="برای بررسی: reckon verify CASE --known {fp}",
    contents="فهرست مطالب",
    map_title="کجا: قربانیان به تفکیک استان",
    map_documented="مستندشده",
    map_estimated="برآورد کل",
    map_none="بدون مورد مستند",
    map_no_estimate="بدون برآورد جداگانه (طبقه‌های کوچک)",
    map_attribution="مرز استان‌ها © مشارکت‌کنندگان OpenStreetMap، ODbL.",
    map_key_title="شمارهای روی نقشه",
    map_key_estimated="برآورد {n}",
    strata_unsafe=(
        "برای کامل بودن آمده است: این برآوردها نیز، مانند شمار کل، یافته‌ای برای نقل نیستند "
        "(صفحه‌ی نخست را ببینید)."
    ),
    overlap_title="هم‌پوشانی فهرست‌ها",
    overlap_note=(
        "هر ستون گروهی از افراد است که دقیقاً در فهرست‌هایی آمده‌اند که زیر آن نقطه دارند. "
        "افرادی که در چند فهرست آمده‌اند همان هم‌پوشانی‌اند که برآورد بر آن استوار است."
    ),
    overlap_bar="نفر",
    overlap_set="نفر در فهرست",
    days_title="کی: قربانیان در هر روز",
    days_note="تنها تاریخ‌هایی که روزشان معلوم است شمرده شده‌اند ({n} از {total}).",
    days_axis="نفر در روز",
    ages_title="چه کسانی: سن و جنس",
    minors="{n} نفر از قربانیان مستندشده کودک یا نوجوان (زیر ۱۸ سال) بودند: {pct} از کسانی که "
    "سنشان معلوم است.",
    minors_none="هیچ قربانی مستندشده‌ای زیر ۱۸ سال شناخته نشده است.",
    minors_band="زیر ۱۸ سال",
    ages_axis="نفر",
    sex={"male": "مرد", "female": "زن", "unknown": "جنس نامعلوم"},
    events_title="چه رخ داد",
    events={
        "killed": "کشته شدند",
        "died_in_custody": "در بازداشت جان باختند",
        "executed": "اعدام شدند",
        "detained": "بازداشت شدند",
        "disappeared": "ناپدید شدند",
        "injured": "زخمی شدند",
        "unknown": "نوع رویداد ذکر نشده",
    },
    event_sentence="{n} نفر {what} ({pct})",
    corroboration=(
        "{confirmed} نفر تأیید شده‌اند (در دو فهرست مستقل یا در یک سند رسمی آمده‌اند)؛ {pending} "
        "نفر تنها در یک نوع منبع آمده‌اند و در دست بررسی‌اند. {multi} نفر در بیش از یک فهرست "
        "آمده‌اند."
    ),
    strata_title="برآورد به تفکیک استان",
    strata_none=(
        "برآورد نشان‌داده‌شده برای کل پرونده است و به تفکیک استان یا دوره انجام نشده است "
        "(reckon estimate CASE --method lcmcr --by province چنین می‌کند)."
    ),
    strata_cols=("طبقه", "مستندشده", "برآورد", "بازه‌ی ۹۵ درصدی"),
    sources_title="منابع و روش‌ها",
    source_line="{name} ({kind}): {records} سابقه از {file}، واردشده در {date}؛ {rejected} ردیف "
    "خوانده نشد.",
    source_period=" سوابق تاریخ‌دار آن از {start} تا {end} است.",
    kinds={
        "morgue": "دفتر سردخانه",
        "hospital": "سوابق بیمارستان",
        "family": "گزارش خانواده‌ها",
        "ngo": "فهرست یک سازمان حقوق بشری",
        "media": "گزارش‌های رسانه‌ای",
        "social": "پست‌های شبکه‌های اجتماعی",
        "official": "سوابق رسمی",
        "other": "منبع دیگر",
    },
    linkage_title="پیوند سوابق چگونه انجام شد",
    linkage_run=(
        "یک نفر اغلب در چند فهرست می‌آید. سوابق دوبه‌دو ({pairs} جفت) بر پایه‌ی نام، تاریخ، "
        "مکان، سن و جنس مقایسه شدند و هرگاه مدل با احتمال {threshold} یا بیشتر آنها را یک نفر "
        "دانست، یکی شدند؛ درباره‌ی {decisions} جفت بازبین تصمیم گرفت. {records} سابقه به "
        "{persons} نفر رسید."
    ),
    linkage_measured=(
        "بر پایه‌ی {pairs} جفتِ برچسب‌خورده به دست بازبینان، دقت پیوند {precision} و بازیابی آن "
        "{recall} است."
    ),
    linkage_synthetic=(
        "این پرونده‌ای ساختگی است که حقیقتش معلوم است: در برابر آن، امتیاز F1 جفتی پیوند {f1} "
        "است. پرونده‌های واقعی چنین حقیقتی ندارند؛ دقت آنها با نمونه‌ای برچسب‌خورده سنجیده "
        "می‌شود."
    ),
    linkage_unmeasured=(
        "دقت پیوند روی این فهرست‌ها سنجیده نشده است: هنوز هیچ نمونه‌ای از جفت‌ها به دست "
        "بازبینان برچسب نخورده است."
    ),
    assumptions_title="برآورد چه فرض می‌کند و چه چیزی آن را تغییر می‌دهد",
    assumptions=(
        "برآورد فهرست‌ها را با هم مقایسه می‌کند: هرچه هم‌پوشانی بیشتر باشد، احتمالاً قربانیان "
        "کمتری از همه‌ی فهرست‌ها جا مانده‌اند.",
        "فرض می‌کند هر نفر یک بار شمرده شده (پیوند درست است)، فهرست‌ها درباره‌ی یک جمعیت گرد "
        "آمده‌اند، و مدل نشان می‌دهد که مستندکردن برخی قربانیان آسان‌تر از دیگران است.",
        "قربانیانی را که هیچ فهرستی هرگز به آنان نمی‌رسد نمی‌بیند، مثلاً در استانی که هیچ "
        "فهرستی در آن گردآوری نشده است.",
        "فهرست‌های تازه، سوابق تازه، اصلاح پیوندها یا برآورد به تفکیک استان یا دوره عدد را "
        "تغییر می‌دهد؛ شمار مستندشده تنها بیشتر می‌شود.",
    ),
    evidence_title="شواهد",
    evidence_intro=(
        "هر فهرست بایت‌به‌بایت در گاوصندوق پرونده نگه داشته می‌شود و هر گام در دفتر رویدادهای "
        "امضاشده‌ی آن ثبت است. اثر انگشت پرونده، دفتر را در لحظه‌ی ساخت این گزارش مشخص "
        "می‌کند: {fp}."
    ),
    evidence_files=("فهرست", "پرونده", "SHA-256"),
    evidence_data="داده‌های پشت هر نمودار، به صورت CSV با برچسب‌های HXL (SHA-256):",
    evidence_check=(
        "برای بررسی: reckon verify CASE --known {fp} روی پرونده، و sha256sum FILE روی هر فهرست "
        "یا پرونده‌ی داده."
    ),
    tables_title="جدول‌ها",
    download="دریافت به صورت CSV",
    appendix_title="پیوست برای آمارشناسان",
    appendix_intro="خروجی کامل برآورد، شاخص‌های همگرایی و هشدارهای روش.",
    notice_title="یادداشت داده‌ها",
    notice_osm=(
        "نقشه: مرز استان‌ها ساده‌شده از OpenStreetMap، © مشارکت‌کنندگان OpenStreetMap، تحت "
        "مجوز پایگاه داده‌ی باز (ODbL)."
    ),
    notice_font="قلم: {font}، تحت مجوز SIL Open Font License 1.1 (همراه reckon).",
    persons="نفر",
    records="سابقه",
    unknown="نامعلوم",
)

WORDS: dict[Lang, Words] = {"en": EN, "fa": FA}
