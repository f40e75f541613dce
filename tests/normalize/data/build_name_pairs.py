"""Build name_pairs.csv: spelling variants that must share a key, and names that must not.

The variant groups below were written by hand from common Iranian given and
family names and the ways lists, passports and media spell them; given names
also come from the package lexicon (``given_names.tsv``). Same pairs: every
spelling against every other in a group (Persian script variants with Arabic
letters, diacritics, spacing; Latin spellings). Different pairs: the
hand-written confusable pairs (HARD) and, seeded, pairs of distinct names that
start with the same Latin letter. Run: ``python tests/normalize/data/build_name_pairs.py``.
"""

from __future__ import annotations

import csv
import itertools
import random
from pathlib import Path

from reckon.normalize.lexicon import given_names

FAMILY = {
    "حسینی": "Hosseini|Hoseini|Husseini|Husaini|Hosseyni|Hossaini",
    "رضایی": "Rezaei|Rezaee|Rezai|Rezayi|Rezaie",
    "محمدی": "Mohammadi|Muhammadi|Mohamadi",
    "احمدی": "Ahmadi",
    "موسوی": "Mousavi|Musavi|Moosavi|Mousawi",
    "کریمی": "Karimi",
    "جعفری": "Jafari|Jaafari|Ja'fari",
    "رحیمی": "Rahimi",
    "حیدری": "Heidari|Heydari|Haidari",
    "قربانی": "Ghorbani|Qorbani",
    "صادقی": "Sadeghi|Sadeqi",
    "کاظمی": "Kazemi",
    "رستمی": "Rostami|Rustami",
    "هاشمی": "Hashemi",
    "عباسی": "Abbasi",
    "شریفی": "Sharifi",
    "نجفی": "Najafi",
    "قاسمی": "Ghasemi|Qasemi",
    "باقری": "Bagheri|Baqeri",
    "نوری": "Nouri|Noori|Nuri",
    "سلطانی": "Soltani|Sultani",
    "امیری": "Amiri",
    "صالحی": "Salehi",
    "رحمانی": "Rahmani",
    "کمالی": "Kamali",
    "زارعی": "Zarei|Zaree",
    "مرادی": "Moradi|Muradi",
    "حسین‌زاده": "Hosseinzadeh|Hossein Zadeh|Hossein-zadeh|Hoseinzadeh",
    "علیزاده": "Alizadeh|Ali Zadeh|Alizade",
    "علی‌پور": "Alipour|Alipoor|Alipur",
    "کریم‌پور": "Karimpour|Karimpoor",
    "نیک‌نژاد": "Niknejad|Niknezhad",
    "امینی": "Amini",
    "طاهری": "Taheri",
    "یوسفی": "Yousefi|Yusefi|Yousofi",
    "ابراهیمی": "Ebrahimi",
    "اسماعیلی": "Esmaeili|Esmaili",
    "خامنه‌ای": "Khamenei|Khamene'i",
    "رفسنجانی": "Rafsanjani",
    "خمینی": "Khomeini|Khomeyni",
    "منتظری": "Montazeri",
    "مطهری": "Motahari|Motahhari",
    "طالقانی": "Taleghani|Taleqani",
    "بهشتی": "Beheshti",
    "جلیلی": "Jalili",
    "لاریجانی": "Larijani",
    "قالیباف": "Ghalibaf|Qalibaf",
    "روحانی": "Rouhani|Rohani|Ruhani",
    "ظریف": "Zarif",
    "سلیمانی": "Soleimani|Soleymani|Suleimani",
    "شجاعی": "Shojaei|Shojaee|Shojai",
    "رنجبر": "Ranjbar",
    "افشار": "Afshar",
    "کیانی": "Kiani|Kiyani",
    "نادری": "Naderi",
    "فرهادی": "Farhadi",
    "پناهی": "Panahi",
    "ستوده": "Sotoudeh|Sotudeh|Sotoodeh",
    "عبادی": "Ebadi",
    "محمدزاده": "Mohammadzadeh|Mohamadzadeh",
    "قاسم‌پور": "Ghasempour|Qasempour",
    "حسن‌زاده": "Hassanzadeh|Hasanzadeh",
    "غفاری": "Ghaffari|Qaffari",
    "توکلی": "Tavakoli|Tavakkoli",
    "جوادی": "Javadi",
    "میرزایی": "Mirzaei|Mirzaee|Mirzai",
    "اکبری": "Akbari",
    "اصغری": "Asghari",
    "مختاری": "Mokhtari",
    "عزیزی": "Azizi",
    "یزدانی": "Yazdani",
    "ملکی": "Maleki",
    "تهرانی": "Tehrani",
    "شیرازی": "Shirazi",
    "اصفهانی": "Esfahani",
    "کرمانی": "Kermani",
    "تبریزی": "Tabrizi",
    "زمانی": "Zamani",
    "سعیدی": "Saeedi|Saidi|Saeidi",
    "خسروی": "Khosravi",
    "بابایی": "Babaei|Babaee|Babai",
    "دهقان": "Dehghan|Dehqan",
    "منصوری": "Mansouri|Mansoori|Mansuri",
    "مقدم": "Moghaddam|Moqaddam|Moghadam",
    "نصیری": "Nasiri",
    "عطایی": "Ataei|Ataee",
    "پورمحمدی": "Pourmohammadi|Poormohammadi",
    "طباطبایی": "Tabatabaei|Tabatabai|Tabatabaee",
    "شریعتی": "Shariati",
    "امیرخانی": "Amirkhani",
}

# Distinct names that a careless key would merge (Latin and Persian script).
HARD = """
Hassan,Hossein
Hossein,Hosseini
Hassan,Hasani
Hassan,Hosseini
Ali,Alavi
Mohammad,Mahmoud
Mohammad,Mohammadi
Ahmad,Ahmadi
Ahmad,Hamid
Hamid,Hamed
Hamid,Hamideh
Saeed,Saeedeh
Farid,Farideh
Javad,Javid
Zahra,Zohreh
Fatemeh,Fatemi
Maryam,Marzieh
Reza,Rezaei
Reza,Razieh
Mehdi,Mahdieh
Mehdi,Mehdizadeh
Karim,Karimi
Rahim,Rahimi
Rahim,Rahman
Mahmoud,Masoud
Masoud,Masoumeh
Mostafa,Mojtaba
Morteza,Mostafa
Kazem,Kazemi
Ghasem,Ghasemi
Hashem,Hashemi
Amir,Amiri
Amin,Amini
Amin,Ameneh
Nasrin,Nasim
Shirin,Shirazi
Parvin,Parvaneh
Mina,Mona
Sara,Sahar
Leila,Leili
Leila,Laleh
Shahram,Shahrokh
Bahram,Bahman
Behnam,Behrouz
Farhad,Farzad
Farshid,Farzad
Mehran,Mehrdad
Kamran,Kamal
Jamal,Jalal
Kamal,Jamal
Omid,Hamid
Navid,Vahid
Saman,Salman
Yousef,Younes
Mousa,Isa
Yahya,Yaser
Abbas,Abbasi
Akbar,Akbari
Asghar,Asghari
Hosseinzadeh,Hassanzadeh
Alizadeh,Alipour
Mohammadi,Mohammadzadeh
Rezaei,Rezazadeh
Sadeghi,Sadegh
Bagheri,Bagher
Jafari,Jafar
Rezaei,Razi
Omid,Amid
Mahin,Mohsen
Mohsen,Mahsa
Hoda,Hadi
Hadi,Hadis
Zeynab,Zinat
Ali,Eli
Aliakbar,Aliasghar
Mohammadreza,Mohammadali
Amirhossein,Amirali
Gholamreza,Gholamhossein
Abdollah,Abdolreza
Rouhollah,Nematollah
Khadijeh,Khadivi
Soheila,Soheil
Shahla,Shahnaz
Mahnaz,Mahtab
Narges,Nargesi
Ebrahim,Ebrahimi
Esmail,Esmaeili
Yousef,Yousefi
Mousavi,Mousavian
Heidari,Heydarian
Ahmadi,Ahmadian
Moradi,Moradian
Sharifi,Sharifian
Tehrani,Tahmasbi
Karimi,Kermani
Rostami,Rostamian
Zarei,Zarif
Soleimani,Salmani
Jalili,Jalali
Ghorbani,Ghobadi
Nouri,Naderi
Amini,Amani
Kiani,Kian
Kian,Kiana
Arash,Arshia
Sina,Sima
Sima,Simin
Neda,Nadia
Parisa,Paria
Hamed,Ahmad
Majid,Majidi
Vahid,Vahidi
Babak,Babaei
Mina,Minoo
Azar,Azari
Sahar,Sahra
Roya,Royan
حسن,حسین
حسین,حسینی
علی,علوی
محمد,محمود
احمد,احمدی
زهرا,زهره
فاطمه,فاطمی
رضا,رضایی
مهدی,مهدیه
کریم,کریمی
حمید,حامد
سعید,سعیده
فرید,فریده
جواد,جاوید
مریم,مرضیه
مسعود,معصومه
مصطفی,مجتبی
امیر,امیری
امین,امینی
نسرین,نسیم
پروین,پروانه
مینا,مونا
لیلا,لیلی
بهرام,بهمن
فرهاد,فرزاد
حسین‌زاده,حسن‌زاده
علیزاده,علی‌پور
یوسف,یونس
عباس,عباسی
اکبر,اکبری
حسن,Hossein
حسین,Hassan
حسینی,Hassani
علی,Alavi
محمد,Mahmoud
محمود,Mohammad
زهرا,Zohreh
زهره,Zahra
رضا,Rezaei
رضایی,Reza
مهدی,Mahdieh
فاطمه,Fatemi
احمد,Ahmadi
امیر,Amiri
کریم,Karimi
مسعود,Masoumeh
حمید,Hamed
سعید,Saeedeh
جواد,Javid
یوسف,Younes
"""


def _script_variants(fa: str) -> list[str]:
    """Spellings of a Persian-script name that real lists hold: Arabic letters, spacing."""
    out = []
    arabic = fa.replace("ی", "ي").replace("ک", "ك")
    if arabic != fa:
        out.append(arabic)
    if fa.endswith("ه") and not fa.endswith("زاده"):
        out.append(fa[:-1] + "ة")
    if "\u200c" in fa:
        out += [fa.replace("\u200c", " "), fa.replace("\u200c", "")]
    if fa.endswith("ایی"):
        out.append(fa[:-3] + "ائی")
    return out


def build(path: Path) -> None:
    groups: list[tuple[str, list[str]]] = []
    for fa, _sex, latin in given_names():
        groups.append((fa, list(latin)))
    for fa, latin in FAMILY.items():
        groups.append((fa, latin.split("|")))
    rows: list[tuple[str, str, int, str]] = []
    seen: set[frozenset[str]] = set()

    def add(a: str, b: str, same: int, kind: str) -> None:
        if a != b and frozenset((a, b)) not in seen:
            seen.add(frozenset((a, b)))
            rows.append((a, b, same, kind))

    for fa, latin in groups:
        for v in _script_variants(fa):
            add(fa, v, 1, "script-script")
        for la in latin:
            add(fa, la, 1, "script-latin")
        for a, b in itertools.combinations(latin, 2):
            add(a, b, 1, "latin-latin")
    for line in HARD.strip().splitlines():
        a, b = line.split(",")
        kind = {True: "script", False: "latin"}
        fa_a, fa_b = (
            any("\u0600" <= c <= "\u06ff" for c in a),
            any("\u0600" <= c <= "\u06ff" for c in b),
        )
        add(a, b, 0, f"{kind[fa_a]}-{kind[fa_b]}")
    rng = random.Random(20260108)
    firsts = [latin[0] for _, latin in groups]
    distinct = [
        (a, b)
        for a, b in itertools.combinations(firsts, 2)
        if a[0] == b[0] and a.lower() != b.lower()
    ]
    for a, b in rng.sample(distinct, 220):
        add(a, b, 0, "latin-latin")
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["a", "b", "same", "kind"])
        w.writerows(rows)


if __name__ == "__main__":
    build(Path(__file__).with_name("name_pairs.csv"))
