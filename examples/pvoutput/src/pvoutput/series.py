"""Energy and yield calculations on PV power time series."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Dict, Iterable, List, Sequence, Tuple

Sample = Tuple[datetime, float]
"""One measurement: when it was taken and the AC power in watts."""

_DEFAULT_MAX_GAP = timedelta(hours=1)


def clip_night(samples: Iterable[Sample]) -> List[Sample]:
    """Replace negative power readings with zero.

    Inverters draw a little standby power at night, which meters report as
    small negative output. Counting it would make a site "produce" negative
    energy overnight, so yield calculations clip it first.

    :param samples: ``(timestamp, power_w)`` pairs.
    :return: a new list with every negative power set to ``0.0``.
    """
    return [(ts, power if power > 0.0 else 0.0) for ts, power in samples]


def daily_energy_kwh(
    samples: Sequence[Sample], max_gap: timedelta = _DEFAULT_MAX_GAP
) -> Dict[date, float]:
    """Integrate a power series into energy per calendar day.

    Uses the trapezoidal rule between consecutive samples. An interval is
    credited to the day of its start sample and only counted when both
    samples fall on the same day, so a missing night never smears energy
    across midnight. Intervals longer than ``max_gap`` are treated as data
    outages and contribute nothing rather than a guessed straight line.

    :param samples: ``(timestamp, power_w)`` pairs sorted by timestamp.
    :param max_gap: longest interval that is still integrated.
    :return: energy in kWh keyed by date, for every date that has a sample.
    :raises ValueError: if the samples are not sorted by time.
    """
    energy: Dict[date, float] = {}
    for ts, _ in samples:
        energy.setdefault(ts.date(), 0.0)
    for (t0, p0), (t1, p1) in zip(samples, samples[1:]):
        if t1 < t0:
            raise ValueError(f"samples are not sorted: {t1.isoformat()} after {t0.isoformat()}")
        if t1.date() != t0.date() or t1 - t0 > max_gap:
            continue
        hours = (t1 - t0).total_seconds() / 3600.0
        energy[t0.date()] += (p0 + p1) / 2.0 * hours / 1000.0
    return energy


def capacity_factor(energy_kwh: float, capacity_kwp: float, hours: float = 24.0) -> float:
    """Share of the energy a system would make at full power all the time.

    :param energy_kwh: energy produced over the period.
    :param capacity_kwp: nameplate (peak) capacity of the system in kW.
    :param hours: length of the period; one day by default.
    :return: a fraction, usually between 0 and about 0.3 for PV.
    :raises ValueError: if ``capacity_kwp`` or ``hours`` is not positive.
    """
    if capacity_kwp <= 0.0:
        raise ValueError("capacity_kwp must be positive")
    if hours <= 0.0:
        raise ValueError("hours must be positive")
    return energy_kwh / (capacity_kwp * hours)
