"""Results of an estimate, in the statsmodels vocabulary.

``EstimateResult`` is what every method returns: ``estimate`` (the MLE, or the
posterior median for Bayesian methods), ``conf_int(alpha)``, ``ci`` (95%),
``summary()`` with ``as_text()`` / ``as_html()``, ``to_dict()`` (the ``--json``
shape of DESIGN.md) and plots.

Posterior draws. ``draws`` is a 1-d array of draws of the total N, chains laid
end to end: with ``chains`` chains of ``n`` draws each, chain ``c`` is
``draws[c * n:(c + 1) * n]``. Draws of different strata are paired by index
when strata are pooled, so every stratum must be run with the same number of
chains and draws.

``StratifiedResult`` pools strata into a total:

* Bayesian (every stratum has draws of the same length): the total's draws are
  the index-wise sums of the strata's draws (strata are independent a
  posteriori because their data and priors are), and its estimate and interval
  are the median and quantiles of those sums -- never a sum of medians.
* Otherwise (MLE methods): the total is the sum of the estimates, with the
  variance the sum of the strata's variances (strata are independent). Each
  stratum's variance is its ``std_err`` squared when the method gives one, else
  ``((hi - lo) / (2 * 1.96))^2`` from its 95% interval. The interval is Chao's
  (1987) log-normal interval on the undocumented total ``f0 = N - observed``:
  ``observed + f0 / C .. observed + f0 * C``, ``C = exp(z * sqrt(log(1 + var / f0^2)))``,
  which never falls below the number observed.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
from scipy import stats

from reckon.errors import EstimateError

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["EstimateResult", "StratifiedResult", "Summary", "lognormal_interval"]

FloatArray = npt.NDArray[np.float64]
Interval = tuple[float, float]


def _z(alpha: float) -> float:
    if not 0.0 < alpha < 1.0:
        raise ValueError(f"alpha must be between 0 and 1, got {alpha}")
    return float(stats.norm.ppf(1.0 - alpha / 2.0))


def lognormal_interval(observed: float, estimate: float, variance: float, alpha: float) -> Interval:
    """Chao's (1987) interval for N: log-normal on the undocumented ``f0 = N - observed``."""
    f0 = estimate - observed
    if f0 <= 0.0 or variance <= 0.0:
        return (float(estimate), float(estimate))
    c = math.exp(_z(alpha) * math.sqrt(math.log1p(variance / f0**2)))
    return (observed + f0 / c, observed + f0 * c)


def _jsonable(value: Any) -> Any:
    """Plain Python for json.dumps: numpy scalars and arrays, tuples, NaN -> None."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return [_jsonable(v) for v in value.tolist()]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _fmt(x: float | None) -> str:
    if x is None or not math.isfinite(x):
        return "-"
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:,.3g}"


@dataclass(frozen=True)
class Summary:
    """A printable summary: a title, key/value lines, an optional table, notes."""

    title: str
    lines: list[tuple[str, str]]
    table_header: list[str] = field(default_factory=list)
    table_rows: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def as_text(self) -> str:
        width = max((len(k) for k, _ in self.lines), default=0)
        out = [self.title, "=" * len(self.title)]
        out += [f"{k.ljust(width)}  {v}" for k, v in self.lines]
        if self.table_header:
            cols = [self.table_header, *self.table_rows]
            widths = [max(len(r[i]) for r in cols) for i in range(len(self.table_header))]
            out.append("")
            for n, r in enumerate(cols):
                out.append("  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)))
                if n == 0:
                    out.append("  ".join("-" * w for w in widths))
        if self.notes:
            out.append("")
            out += [f"* {n}" for n in self.notes]
        return "\n".join(out)

    def as_html(self) -> str:
        e = html.escape
        parts = [f'<div class="reckon-estimate"><h3>{e(self.title)}</h3><table>']
        parts += [f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in self.lines]
        parts.append("</table>")
        if self.table_header:
            parts.append("<table><thead><tr>")
            parts += [f"<th>{e(h)}</th>" for h in self.table_header]
            parts.append("</tr></thead><tbody>")
            for r in self.table_rows:
                parts.append("<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>")
            parts.append("</tbody></table>")
        if self.notes:
            parts.append("<ul>" + "".join(f"<li>{e(n)}</li>" for n in self.notes) + "</ul>")
        parts.append("</div>")
        return "".join(parts)

    def __str__(self) -> str:
        return self.as_text()

    def _repr_html_(self) -> str:
        return self.as_html()


@dataclass
class EstimateResult:
    """The estimate of a total from one capture table.

    ``interval`` (optional) computes the interval at any ``alpha`` for methods
    without draws (e.g. the profile likelihood); without it and without draws,
    only the 95% ``ci`` is known.

    Honesty flags. ``identified`` is False when the data cannot carry a number
    (e.g. dga's saturated graph takes the posterior weight): ``estimate`` and
    ``ci`` are then NaN (``null`` in JSON) and ``reason`` says why in plain
    words. ``converged`` is False when a sampler stopped before its checks
    passed: the number is kept but is not a finding (``finding`` is False).
    It is None for methods that have nothing to converge. ``notes`` are plain
    facts about the run that are not doubts (e.g. K was raised).
    """

    method: str
    observed: int
    estimate: float
    ci: Interval
    model: str = ""
    lists: tuple[str, ...] = ()
    std_err: float | None = None
    draws: FloatArray | None = None
    chains: int = 1
    diagnostics: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    assumptions: str = ""
    interval: Callable[[float], Interval] | None = field(default=None, repr=False, compare=False)
    identified: bool = True
    converged: bool | None = None
    reason: str = ""
    notes: list[str] = field(default_factory=list)

    @classmethod
    def not_identified(
        cls, method: str, table_observed: int, reason: str, **fields: Any
    ) -> EstimateResult:
        """A result that carries no number: the data cannot identify the total."""
        nan = float("nan")
        return cls(
            method=method,
            observed=table_observed,
            estimate=nan,
            ci=(nan, nan),
            identified=False,
            reason=reason,
            **fields,
        )

    @property
    def finding(self) -> bool:
        """True when the number may be reported: identified, and converged if sampled."""
        return self.identified and self.converged is not False

    def __post_init__(self) -> None:
        self.observed = int(self.observed)
        self.estimate = float(self.estimate)
        self.ci = (float(self.ci[0]), float(self.ci[1]))
        if self.draws is not None:
            self.draws = np.asarray(self.draws, dtype=np.float64).ravel()
            if self.chains < 1 or self.draws.size % self.chains:
                raise ValueError(f"{self.draws.size} draws cannot be split into {self.chains}")

    @property
    def undocumented(self) -> float:
        """The estimated number of people on no list."""
        return self.estimate - self.observed

    def conf_int(self, alpha: float = 0.05) -> Interval:
        """The (1 - alpha) interval for the total: quantiles of draws, or the method's own."""
        _z(alpha)
        if self.draws is not None and self.draws.size:
            lo, hi = np.quantile(self.draws, [alpha / 2.0, 1.0 - alpha / 2.0])
            return (float(lo), float(hi))
        if self.interval is not None:
            return self.interval(alpha)
        if math.isclose(alpha, 0.05):
            return self.ci
        raise EstimateError(f"the {self.method} result only knows its 95% interval")

    def chain_draws(self) -> FloatArray:
        """Draws as a (chains, draws per chain) array."""
        if self.draws is None:
            raise EstimateError(f"the {self.method} method has no posterior draws")
        return self.draws.reshape(self.chains, -1)

    # --- output ---------------------------------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The ``--json`` shape: method, observed, estimate, ci and the rest."""
        d: dict[str, Any] = {
            "method": self.method,
            "observed": self.observed,
            "estimate": self.estimate,
            "ci": list(self.ci),
            "undocumented": self.undocumented,
            "model": self.model,
            "lists": list(self.lists),
            "std_err": self.std_err,
            "diagnostics": self.diagnostics,
            "warnings": list(self.warnings),
            "assumptions": self.assumptions,
            "identified": self.identified,
            "converged": self.converged,
            "finding": self.finding,
            "reason": self.reason,
            "notes": list(self.notes),
        }
        if self.draws is not None:
            d["n_draws"] = int(self.draws.size)
            d["chains"] = self.chains
        return dict(_jsonable(d))

    def to_json(self, **kwargs: Any) -> str:
        """``to_dict()`` as JSON text (keyword arguments go to ``json.dumps``)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)

    def summary(self) -> Summary:
        """Estimate, interval, model and diagnostics, as text or HTML."""
        lo, hi = self.ci
        lines = [("status", self.status())] if not self.finding else []
        lines += [
            ("method", self.method),
            ("lists", ", ".join(self.lists) or "-"),
            ("observed", _fmt(self.observed)),
            ("estimate", _fmt(self.estimate)),
            ("95% interval", f"{_fmt(lo)} - {_fmt(hi)}"),
            ("undocumented", _fmt(self.undocumented)),
        ]
        if self.model:
            lines.append(("model", self.model))
        if self.std_err is not None:
            lines.append(("std. error", _fmt(self.std_err)))
        for key, value in self.diagnostics.items():
            if isinstance(value, (int, float, str, np.generic)):
                lines.append((key, _fmt(float(value)) if _is_num(value) else str(value)))
        notes = [f"warning: {w}" for w in self.warnings]
        notes += [f"note: {n}" for n in self.notes]
        if self.assumptions:
            notes.append(self.assumptions)
        header, rows = _model_table(self.diagnostics.get("models"))
        return Summary(
            f"Estimate of the total ({self.method})",
            lines,
            table_header=header,
            table_rows=rows,
            notes=notes,
        )

    def status(self) -> str:
        """In words: a finding, not converged (not a finding), or no number at all."""
        if not self.identified:
            return f"no estimate: {self.reason}"
        if self.converged is False:
            return (
                "NOT CONVERGED: the sampler stopped before its checks passed; the number "
                "below is not a finding (see the warnings)"
            )
        return "estimate"

    # --- plots ----------------------------------------------------------------

    def plot_posterior(self, ax: Axes | None = None) -> Figure:
        """Histogram of the posterior of N, or the estimate with its interval."""
        fig, ax = _axes(ax)
        lo, hi = self.ci
        if self.draws is not None and self.draws.size:
            ax.hist(self.draws, bins=60, color="#4c72b0", alpha=0.8)
            ax.set_ylabel("posterior draws")
        else:
            ax.errorbar(
                [self.estimate],
                [0],
                xerr=[[self.estimate - lo], [hi - self.estimate]],
                fmt="o",
                capsize=6,
            )
            ax.set_yticks([])
        ax.axvline(self.observed, color="black", linestyle=":", label="observed")
        ax.axvline(self.estimate, color="#c44e52", label="estimate")
        ax.axvspan(lo, hi, color="#c44e52", alpha=0.1, label="95% interval")
        ax.set_xlabel("total N")
        ax.set_title(f"{self.method}: {_fmt(self.estimate)} ({_fmt(lo)} - {_fmt(hi)})")
        ax.legend(loc="best", fontsize="small")
        return fig

    def plot_trace(self, ax: Axes | None = None) -> Figure:
        """Trace of the draws of N, one line per chain."""
        fig, ax = _axes(ax)
        for c, chain in enumerate(self.chain_draws()):
            ax.plot(chain, linewidth=0.5, label=f"chain {c + 1}")
        ax.set_xlabel("draw")
        ax.set_ylabel("total N")
        ax.set_title(f"{self.method}: trace of N")
        if self.chains > 1:
            ax.legend(loc="best", fontsize="small")
        return fig


def _model_table(models: object) -> tuple[list[str], list[list[str]]]:
    """The competing models a method reports (a list of dicts), as a printable table."""
    if not isinstance(models, list) or not models or not isinstance(models[0], dict):
        return [], []
    header = [str(key) for key in models[0]]
    rows = [
        [_fmt(float(v)) if _is_num(v) else str(v) for v in m.values()]
        for m in models
        if isinstance(m, dict)
    ]
    return header, rows


def _is_num(value: object) -> bool:
    return isinstance(value, (int, float, np.number)) and not isinstance(value, bool)


def _axes(ax: Axes | None) -> tuple[Figure, Axes]:
    if ax is not None:
        fig = ax.figure
        return fig, ax  # type: ignore[return-value]
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    fig = Figure(figsize=(7, 4), layout="constrained")
    return fig, fig.add_subplot()


@dataclass
class StratifiedResult:
    """Per-stratum results and their pooled total (see the module docstring)."""

    by: str
    strata: dict[str, EstimateResult]
    total: EstimateResult

    @classmethod
    def pool(
        cls, by: str, strata: dict[str, EstimateResult], warnings: Sequence[str] = ()
    ) -> StratifiedResult:
        """Pool independent strata into a total: draws summed by index, or variances summed."""
        if not strata:
            raise EstimateError(f"no strata to pool (by {by})")
        results = list(strata.values())
        methods = sorted({r.method for r in results})
        method = methods[0] if len(methods) == 1 else "+".join(methods)
        observed = sum(r.observed for r in results)
        notes = list(warnings)
        names = {r.lists for r in results}
        lists = names.pop() if len(names) == 1 else ()
        sizes = {r.draws.size if r.draws is not None else -1 for r in results}
        chains = {r.chains for r in results}
        blind = [name for name, r in strata.items() if not r.identified]
        if blind:
            reason = (
                f"the data of {len(blind)} stratum/strata ({', '.join(blind)}) cannot carry a "
                "number, so neither can the total"
            )
            total = EstimateResult.not_identified(
                method, observed, reason, lists=lists, warnings=notes
            )
            return cls(by=by, strata=dict(strata), total=total)
        if len(sizes) == 1 and -1 not in sizes and len(chains) == 1:
            draws = np.sum([r.draws for r in results if r.draws is not None], axis=0)
            lo, hi = np.quantile(draws, [0.025, 0.975])
            total = EstimateResult(
                method=method,
                observed=observed,
                estimate=float(np.median(draws)),
                ci=(float(lo), float(hi)),
                model=f"sum of posterior draws over {len(results)} strata by {by}",
                lists=lists,
                draws=draws,
                chains=chains.pop(),
                warnings=notes,
                assumptions=_pooled_assumptions(results, by),
            )
        else:
            est = sum(r.estimate for r in results)
            var = sum(_variance(r) for r in results)
            total = EstimateResult(
                method=method,
                observed=observed,
                estimate=est,
                ci=lognormal_interval(observed, est, var, 0.05),
                model=f"sum of estimates over {len(results)} strata by {by}",
                lists=lists,
                std_err=math.sqrt(var),
                warnings=notes,
                assumptions=_pooled_assumptions(results, by),
                interval=lambda a: lognormal_interval(observed, est, var, a),
            )
        flags = {r.converged for r in results}
        total.converged = False if False in flags else (True if True in flags else None)
        if total.converged is False:
            stuck = [name for name, r in strata.items() if r.converged is False]
            total.warnings.append(
                f"the sampler did not converge in {len(stuck)} stratum/strata "
                f"({', '.join(stuck)}): the total is not a finding"
            )
        return cls(by=by, strata=dict(strata), total=total)

    @property
    def method(self) -> str:
        return self.total.method

    @property
    def observed(self) -> int:
        return self.total.observed

    @property
    def estimate(self) -> float:
        return self.total.estimate

    @property
    def ci(self) -> Interval:
        return self.total.ci

    @property
    def warnings(self) -> list[str]:
        return self.total.warnings

    @property
    def identified(self) -> bool:
        return self.total.identified

    @property
    def converged(self) -> bool | None:
        return self.total.converged

    @property
    def finding(self) -> bool:
        return self.total.finding

    def conf_int(self, alpha: float = 0.05) -> Interval:
        return self.total.conf_int(alpha)

    def to_dict(self) -> dict[str, Any]:
        """The ``--json`` shape: the total's fields, ``by`` and ``strata`` (a list)."""
        d = self.total.to_dict()
        d["by"] = self.by
        d["strata"] = [
            {
                "stratum": name,
                "observed": r.observed,
                "estimate": r.estimate,
                "ci": list(r.ci),
                "model": r.model,
                "warnings": list(r.warnings),
                "identified": r.identified,
                "converged": r.converged,
            }
            for name, r in self.strata.items()
        ]
        return dict(_jsonable(d))

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)

    def summary(self) -> Summary:
        base = self.total.summary()
        rows = [
            [name, _fmt(r.observed), _fmt(r.estimate), f"{_fmt(r.ci[0])} - {_fmt(r.ci[1])}"]
            for name, r in self.strata.items()
        ]
        notes = list(base.notes)
        for name, r in self.strata.items():
            notes += [f"{name}: {w}" for w in r.warnings]
        return Summary(
            f"Estimate of the total by {self.by} ({self.method})",
            base.lines,
            table_header=[self.by, "observed", "estimate", "95% interval"],
            table_rows=rows,
            notes=notes,
        )

    def plot_strata(self, ax: Axes | None = None) -> Figure:
        """Each stratum's estimate with its interval, and its observed count."""
        fig, ax = _axes(ax)
        names = list(self.strata)
        y = np.arange(len(names))
        est = np.array([r.estimate for r in self.strata.values()])
        lo = np.array([r.ci[0] for r in self.strata.values()])
        hi = np.array([r.ci[1] for r in self.strata.values()])
        obs = np.array([r.observed for r in self.strata.values()])
        ax.errorbar(est, y, xerr=[est - lo, hi - est], fmt="o", capsize=3, label="estimate")
        ax.plot(obs, y, "k|", markersize=10, label="observed")
        ax.set_yticks(y, names)
        ax.invert_yaxis()
        ax.set_xlabel("total N")
        ax.set_title(f"by {self.by}: total {_fmt(self.estimate)}")
        ax.legend(loc="best", fontsize="small")
        return fig

    def plot_posterior(self, ax: Axes | None = None) -> Figure:
        return self.total.plot_posterior(ax)


def _variance(r: EstimateResult) -> float:
    if r.std_err is not None and math.isfinite(r.std_err):
        return float(r.std_err) ** 2
    lo, hi = r.ci
    return ((hi - lo) / (2.0 * _z(0.05))) ** 2


def _pooled_assumptions(results: list[EstimateResult], by: str) -> str:
    return (
        f"The total adds up separate estimates for each {by}; it assumes the strata "
        "are estimated independently of one another and that each stratum's own "
        "assumptions hold. "
        + (results[0].assumptions if len({r.assumptions for r in results}) == 1 else "")
    ).strip()
