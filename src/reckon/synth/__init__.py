"""The synthetic Persian case generator: lists with the errors real lists have, and the truth.

``generate(out_dir, people, sources, seed)`` draws ``people`` victims (names, sex,
age, event, date, place), decides which of ``sources`` lists name each of them
(a capture model with latent classes and list dependence), writes every list in
its own style, and writes the ground truth. Deterministic for a seed. The full
error model, with every rate, is in ``docs/synth.md``; in short, per record:

* script and calendar by source: Persian-script lists with Jalali dates (morgue,
  family, hospital, official), Latin lists with Gregorian dates (ngo, media), a mixed
  social-media list (35% Latin, 30% of dates Gregorian); Persian or English headers;
* compound names joined / spaced / with ZWNJ 40/35/25%; Latin spellings drawn per name
  part (Mohammad 50%, Mohamad 20%, Mohammed 14%…); Arabic ي/ك 5% (60% in the
  hospital list, typed on an Arabic keyboard), with Arabic-Indic digits half the time;
* honorifics: سید for half a seyyed's records, شهید 25–30% in family and social lists,
  حاج and مرحوم in family lists;
* typos 1–5% per name field; given and family names swapped 2%; father's name missing
  2–80% by source; age missing 2–25%, off by one 2–15%, by two 0.5–6%; date 1–3 days
  off 2–15%, in the other calendar 0–30%, missing 3%, month only 1%; province only
  5–35%, city only 10%, no place 3–8%; duplicates in the same list 0.5–8%; incident
  rows ("14 bodies, unnamed") in the morgue list.

The errors are made here, never with ``reckon.normalize``: evaluating the
normalizer and the linkage on data it made itself would be circular.
"""

from __future__ import annotations

from reckon.synth.generate import SynthManifest, SynthSource, generate

__all__ = ["SynthManifest", "SynthSource", "generate"]
