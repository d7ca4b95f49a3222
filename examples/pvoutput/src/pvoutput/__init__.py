"""Helpers for measured PV output (PVOUT) time series.

A series is a sequence of ``(timestamp, power_w)`` samples from one inverter
or site, sorted by time. The functions here are pure and dependency-free so
the package can be installed anywhere a CI job can run Python.
"""

from pvoutput.series import capacity_factor, clip_night, daily_energy_kwh

__all__ = ["__version__", "capacity_factor", "clip_night", "daily_energy_kwh"]

__version__ = "0.3.0"
