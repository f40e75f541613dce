"""Name pools and how names are spelt: Persian script and five Latin schemes.

Every name part is written twice by hand: in Persian script and in a phonemic
spelling (``A`` the long a, ``q`` for ق/غ, ``'`` for ع/ء, doubled letters for
tashdid, a final ``eh`` for the silent ه). Latin spellings come from that
phonemic form through a scheme, never from the Persian letters, so that the
Latin and Persian forms of a record disagree the way real lists do.
Frequencies: see SOURCES.md beside this file.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

ZWNJ = "\u200c"


@dataclass(frozen=True)
class Part:
    """One name (a given name may be a compound of two: امیر + حسین)."""

    fa: tuple[str, ...]
    ph: tuple[str, ...]


@dataclass(frozen=True)
class Pool:
    parts: tuple[Part, ...]
    weights: np.ndarray  # sums to 1

    def draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return rng.choice(len(self.parts), size=n, p=self.weights)


def _part(fa: str, ph: str) -> Part:
    return Part(tuple(fa.split("+")), tuple(ph.split("+")))


# persian (compounds split by +), phonemic, weight among victims, weight among fathers
_MEN = """
محمد mohammad 90 60
علی ali 60 50
حسین hoseyn 40 40
رضا rezA 25 25
مهدی mehdi 30 8
امیر+حسین amir+hoseyn 30 0.5
ابوالفضل abolfazl 25 3
محمد+رضا mohammad+rezA 22 15
امیر+علی amir+ali 15 0.3
علی+رضا ali+rezA 20 15
محمد+حسین mohammad+hoseyn 15 5
امیر amir 15 2
مجید majid 10 8
سعید sa'id 10 8
حمید hamid 10 12
محسن mohsen 14 6
مصطفی mostafA 12 6
مرتضی mortezA 8 8
جواد javAd 10 8
احمد ahmad 8 20
حسن hasan 10 25
عباس abbAs 6 20
غلام+رضا qolAm+rezA 2 22
محمود mahmud 4 18
اسماعیل esmA'il 4 14
ابراهیم ebrAhim 4 14
یوسف yusef 5 8
یاسین yAsin 8 0.2
امید omid 10 3
میلاد milAd 10 0.2
سجاد sajjAd 10 1
پویا puyA 6 0.2
آرش Arash 5 1
کیان kiAn 5 0.1
بهزاد behzAd 4 4
پژمان pezhmAn 3 2
کوروش kurosh 3 2
سیاوش siAvash 4 2
فرهاد farhAd 4 6
داود dAvud 3 8
نادر nAder 1 6
جمشید jamshid 1 6
یعقوب ya'qub 2 6
موسی musA 2 6
صالح sAleh 2 3
هادی hAdi 6 4
ارسلان arsalAn 2 3
آرمان ArmAn 5 0.2
امیر+محمد amir+mohammad 10 0.2
محمد+امین mohammad+amin 8 0.5
محمد+جواد mohammad+javAd 6 2
کاوه kAveh 3 1
رامین rAmin 4 3
بهنام behnAm 4 3
صمد samad 1 4
کریم karim 2 8
رحیم rahim 1 6
قاسم qAsem 2 8
عبدالله abdollAh 2 6
شهاب shahAb 3 1
"""

_WOMEN = """
فاطمه fAtemeh 40
زهرا zahrA 30
مریم maryam 18
معصومه ma'sumeh 8
زینب zeynab 14
نرگس narges 8
سمیه somayyeh 6
مهسا mahsA 10
نازنین nAzanin 8
نازنین+زهرا nAzanin+zahrA 8
ریحانه reyhAneh 8
یاسمن yAsaman 7
ستایش setAyesh 6
سارا sArA 10
الهام elhAm 5
لیلا leylA 5
مینا minA 5
نیلوفر nilufar 5
هستی hasti 5
کیمیا kimiA 5
حدیث hadis 5
سحر sahar 6
شیرین shirin 4
پریسا parisA 5
محدثه mohaddeseh 5
فرشته fereshteh 4
اکرم akram 2
طاهره tAhereh 2
مهدیه mehdiyeh 4
الناز elnAz 4
"""

# persian, phonemic, weight, share of seyyeds, provinces where it concentrates
_FAMILIES = """
محمدی mohammadi 10 0.05 -
حسینی hoseyni 9 0.8 -
احمدی ahmadi 8 0.05 -
رضایی rezA'i 7 0.05 -
موسوی musavi 6 0.9 -
جعفری ja'fari 6 0.05 -
کریمی karimi 6 0.05 -
مرادی morAdi 5 0.05 IR-12,IR-05,IR-15
رحیمی rahimi 5 0.05 -
هاشمی hAshemi 5 0.8 -
صادقی sAdeqi 5 0.05 -
حیدری heydari 5 0.05 -
قاسمی qAsemi 4 0.05 -
اکبری akbari 4 0.05 -
رستمی rostami 4 0.05 IR-05,IR-15
صالحی sAlehi 4 0.05 -
کاظمی kAzemi 4 0.3 -
عباسی abbAsi 4 0.05 -
نوری nuri 3 0.05 -
ابراهیمی ebrAhimi 3 0.05 -
اسدی asadi 3 0.05 -
امیری amiri 3 0.05 -
یوسفی yusefi 3 0.05 -
ملکی maleki 3 0.05 -
کرمی karami 3 0.05 -
سلیمانی soleymAni 3 0.05 -
رحمانی rahmAni 3 0.05 -
طاهری tAheri 3 0.05 -
نظری nazari 3 0.05 -
زارعی zAre'i 3 0.05 IR-07
قربانی qorbAni 3 0.05 -
بهرامی bahrAmi 2 0.05 -
شریفی sharifi 2 0.05 -
رنجبر ranjbar 2 0.05 -
عزیزی azizi 2 0.05 IR-12,IR-04
خسروی khosravi 2 0.05 -
باقری bAqeri 2 0.05 -
جمالی jamAli 2 0.05 -
پناهی panAhi 2 0.05 IR-12,IR-04
رسولی rasuli 2 0.05 IR-12,IR-04
ریگی rigi 2 0.01 IR-11
شه+بخش shah+bakhsh 1.5 0.01 IR-11
نارویی nAru'i 1.5 0.01 IR-11
بامری bAmeri 1 0.01 IR-11
بلوچ baluch 1 0.01 IR-11
"""

# stems and suffixes of the tail of family names
_STEMS = """
حسین hoseyn|علی ali|محمد mohammad|حسن hasan|عباس abbAs|قاسم qAsem|کریم karim|رحیم rahim
جعفر ja'far|یوسف yusef|ابراهیم ebrAhim|نصیر nasir|حبیب habib|کاظم kAzem|باقر bAqer|اکبر akbar
صفر safar|نور nur|روشن roshan|ملک malek|پاک pAk|زرین zarrin|سلطان soltAn|آقا AqA|امین amin
مهر mehr|فرخ farrokh|شاه shAh|نیک nik|خوش khosh|بهار bahAr|آزاد AzAd|نجف najaf|تهران tehrAn
شیراز shirAz|اصفهان esfahAn|تبریز tabriz|کرمان kermAn|یزد yazd|قزوین qazvin|کاشان kAshAn
رشت rasht|زند zand|فرهاد farhAd|بهمن bahman|رستم rostam|جمشید jamshid|داود dAvud|موسی musA
عیسی isA|طاهر tAher|منصور mansur|غفار qaffAr|ستار sattAr|جلال jalAl|کمال kamAl|شکر shokr
دل del|سبز sabz|بیگ beyg|خان khAn|شیر shir|گل gol|مختار mokhtAr|نادر nAder|یار yAr
"""
_SUFFIXES = """
ی i|زاده zAdeh|پور pur|نژاد nezhAd|فر far|وند vand|لو lu|نیا niA|خانی khAni|آبادی AbAdi|یان iyAn
"""
_VOWEL_END = ("A", "a", "u", "i", "e", "o")


def _rows(text: str) -> list[list[str]]:
    return [line.split() for line in text.strip().splitlines()]


def _normalised(w: list[float]) -> np.ndarray:
    a = np.asarray(w, dtype=float)
    out: np.ndarray = a / a.sum()
    return out


MEN = [_part(r[0], r[1]) for r in _rows(_MEN)]
MEN_WEIGHTS = _normalised([float(r[2]) for r in _rows(_MEN)])
FATHER_WEIGHTS = _normalised([float(r[3]) for r in _rows(_MEN)])
WOMEN = [_part(r[0], r[1]) for r in _rows(_WOMEN)]
WOMEN_WEIGHTS = _normalised([float(r[2]) for r in _rows(_WOMEN)])


@dataclass(frozen=True)
class Family:
    part: Part
    weight: float
    seyyed: float
    regions: tuple[str, ...]


def _tail() -> list[Part]:
    stems = [s.split() for line in _STEMS.strip().splitlines() for s in line.split("|")]
    suffixes = [s.split() for s in _SUFFIXES.strip().split("|")]
    out = []
    for fa, ph in stems:
        for sfa, sph in suffixes:
            if sph in ("i", "iyAn") and ph.endswith(_VOWEL_END):
                continue  # رضا + ی is رضایی, not a plain join: those are in the named pool
            out.append(Part((fa, sfa), (ph, sph)))
    return out


def families() -> list[Family]:
    """The named pool (about 20% of people) and a Zipf tail; fixed order."""
    named = [
        Family(
            _part(r[0], r[1]),
            float(r[2]),
            float(r[3]),
            () if r[4] == "-" else tuple(r[4].split(",")),
        )
        for r in _rows(_FAMILIES)
    ]
    tail = _tail()
    # a fixed shuffle (not the case's seed): the tail's ranks are part of the pool
    order = np.random.default_rng(11).permutation(len(tail))
    ranks = np.empty(len(tail))
    ranks[order] = np.arange(len(tail))
    tail_w = 1.0 / (ranks + 300.0)
    named_total = sum(f.weight for f in named)
    # named names hold ~20% of people, the tail the rest
    scale = named_total * 4.0 / tail_w.sum()
    out = named + [Family(p, float(w * scale), 0.03, ()) for p, w in zip(tail, tail_w, strict=True)]
    return out


FAMILIES = families()

# --- Latin spelling ------------------------------------------------------------------


@dataclass(frozen=True)
class Scheme:
    """One way of writing the phonemic spelling in Latin letters."""

    name: str
    A: str
    o: str
    e: str
    u: str
    i: str
    ey: str
    q: str
    j: str
    zh: str
    ain: str  # ع/ء between vowels
    double: bool  # keep tashdid as a doubled letter
    ss: bool  # a lone s between vowels written ss (Hosseini)
    final_eh: str


SCHEMES = {
    s.name: s
    for s in (
        Scheme("english", "a", "o", "e", "ou", "i", "ei", "gh", "j", "zh", "e", True, True, "eh"),
        Scheme("quick", "a", "o", "e", "u", "i", "ey", "gh", "j", "zh", "", False, False, "e"),
        Scheme("arabic", "a", "u", "i", "u", "i", "ay", "q", "j", "zh", "'", True, True, "ah"),
        Scheme("french", "a", "o", "e", "ou", "i", "ei", "gh", "dj", "j", "", True, True, "eh"),
        Scheme("academic", "ā", "o", "e", "ū", "ī", "ey", "q", "j", "zh", "'", True, False, "e"),
    )
}
_VOWELS = set("aeiouA")


def romanize(ph: str, scheme: Scheme) -> str:
    """A phonemic spelling in one scheme, capitalised (``hoseyni`` -> Hosseini)."""
    body, tail = (ph[:-2], scheme.final_eh) if ph.endswith("eh") and len(ph) > 3 else (ph, "")
    out: list[str] = []
    i = 0
    while i < len(body):
        c = body[i]
        nxt = body[i + 1] if i + 1 < len(body) else ""
        prev = body[i - 1] if i else ""
        if c == "e" and nxt == "y" and (i + 2 >= len(body) or body[i + 2] not in _VOWELS):
            out.append(scheme.ey)
            i += 2
            continue
        if c == "z" and nxt == "h":
            out.append(scheme.zh)
            i += 2
            continue
        if c == "'":
            between = prev in _VOWELS and nxt in _VOWELS
            out.append(scheme.ain if between else ("'" if scheme.ain == "'" else ""))
            i += 1
            continue
        if c == nxt and c not in _VOWELS:
            out.append(c * (2 if scheme.double else 1))
            i += 2
            continue
        if c == "s" and scheme.ss and prev in _VOWELS and nxt in _VOWELS and prev:
            out.append("ss")
        elif c == "A":
            out.append(scheme.A)
        elif c in "oeui":
            out.append(getattr(scheme, c))
        elif c == "q":
            out.append(scheme.q)
        elif c == "j":
            out.append(scheme.j)
        else:
            out.append(c)
        i += 1
    word = "".join(out) + tail
    return word[:1].upper() + word[1:]
