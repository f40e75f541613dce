"""Provinces (ISO 3166-2:IR) and cities, weighted for a crackdown on the peripheries.

Population: 2016 census of the Statistical Centre of Iran, rounded to 0.1
million. Intensity: my choice (see SOURCES.md). Cities are county seats the
normalizer's gazetteer knows, in Persian and in a usual Latin spelling; the
first city of a province is its capital and draws half of its deaths.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Province:
    code: str
    fa: str
    en: str
    weight: float
    cities: tuple[tuple[str, str], ...]  # (persian, latin)


# code, persian, latin, population (millions, 2016), intensity, cities fa:en
_ROWS = """
IR-23|تهران|Tehran|13.3|1.2|تهران:Tehran,اسلامشهر:Eslamshahr,شهریار:Shahriar,ری:Rey
IR-12|کردستان|Kurdistan|1.6|3.5|سنندج:Sanandaj,سقز:Saqqez,بانه:Baneh,مریوان:Marivan
IR-11|سیستان و بلوچستان|Sistan and Baluchestan|2.8|2.8|زاهدان:Zahedan,زابل:Zabol,خاش:Khash
IR-05|کرمانشاه|Kermanshah|1.95|2.0|کرمانشاه:Kermanshah,هرسین:Harsin,کنگاور:Kangavar,صحنه:Sahneh
IR-04|آذربایجان غربی|West Azerbaijan|3.3|1.8|ارومیه:Urmia,مهاباد:Mahabad,بوکان:Bukan,خوی:Khoy
IR-06|خوزستان|Khuzestan|4.7|1.3|اهواز:Ahvaz,آبادان:Abadan,دزفول:Dezful,خرمشهر:Khorramshahr
IR-10|اصفهان|Isfahan|5.1|0.7|اصفهان:Isfahan,کاشان:Kashan,نجف‌آباد:Najafabad
IR-07|فارس|Fars|4.9|0.7|شیراز:Shiraz,مرودشت:Marvdasht,کازرون:Kazerun,جهرم:Jahrom
IR-09|خراسان رضوی|Razavi Khorasan|6.4|0.5|مشهد:Mashhad,نیشابور:Neyshabur,سبزوار:Sabzevar
IR-01|گیلان|Gilan|2.5|0.8|رشت:Rasht,لاهیجان:Lahijan,لنگرود:Langarud
IR-15|لرستان|Lorestan|1.8|1.5|خرم‌آباد:Khorramabad,بروجرد:Borujerd,کوهدشت:Kuhdasht
IR-16|ایلام|Ilam|0.6|1.8|ایلام:Ilam,دهلران:Dehloran,آبدانان:Abdanan
IR-30|البرز|Alborz|2.7|1.1|کرج:Karaj,فردیس:Fardis,نظرآباد:Nazarabad
IR-03|آذربایجان شرقی|East Azerbaijan|3.9|0.6|تبریز:Tabriz,مراغه:Maragheh,مرند:Marand
IR-08|کرمان|Kerman|3.2|0.4|کرمان:Kerman,رفسنجان:Rafsanjan,سیرجان:Sirjan
IR-13|همدان|Hamadan|1.7|0.6|همدان:Hamadan,ملایر:Malayer,نهاوند:Nahavand
IR-02|مازندران|Mazandaran|3.3|0.5|ساری:Sari,بابل:Babol,آمل:Amol
"""


def _provinces() -> list[Province]:
    out = []
    for line in _ROWS.strip().splitlines():
        code, fa, en, pop, intensity, cities = line.split("|")
        pairs = tuple((c.split(":")[0], c.split(":")[1]) for c in cities.split(","))
        out.append(Province(code, fa, en, float(pop) * float(intensity), pairs))
    return out


PROVINCES = _provinces()
PROVINCE_WEIGHTS = np.array([p.weight for p in PROVINCES]) / sum(p.weight for p in PROVINCES)


def city_weights(n: int) -> np.ndarray:
    """The capital half, the other cities the rest equally."""
    if n == 1:
        return np.ones(1)
    return np.array([0.5] + [0.5 / (n - 1)] * (n - 1))
