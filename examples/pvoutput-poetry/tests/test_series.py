"""Unit tests for pvoutput.series."""

# Test names say what each test checks; a docstring per test would repeat them.
# pylint: disable=missing-function-docstring

import unittest
from datetime import date, datetime, timedelta
from importlib import metadata

import pvoutput
from pvoutput import capacity_factor, clip_night, daily_energy_kwh


def _at(hour: int, minute: int = 0, day: int = 1) -> datetime:
    return datetime(2023, 6, day, hour, minute)


class ClipNightTest(unittest.TestCase):
    """clip_night zeroes standby draw and keeps everything else."""

    def test_negative_values_become_zero(self) -> None:
        series = [(_at(0), -3.5), (_at(12), 1200.0), (_at(23), -0.1)]
        self.assertEqual(clip_night(series), [(_at(0), 0.0), (_at(12), 1200.0), (_at(23), 0.0)])

    def test_input_is_not_modified(self) -> None:
        series = [(_at(0), -1.0)]
        clip_night(series)
        self.assertEqual(series, [(_at(0), -1.0)])


class DailyEnergyTest(unittest.TestCase):
    """daily_energy_kwh integrates per day with the trapezoidal rule."""

    def test_constant_power_for_one_hour(self) -> None:
        series = [(_at(10), 2000.0), (_at(10, 30), 2000.0), (_at(11), 2000.0)]
        self.assertAlmostEqual(daily_energy_kwh(series)[date(2023, 6, 1)], 2.0)

    def test_ramp_is_integrated_as_trapezoid(self) -> None:
        series = [(_at(10), 0.0), (_at(11), 1000.0)]
        self.assertAlmostEqual(daily_energy_kwh(series)[date(2023, 6, 1)], 0.5)

    def test_interval_across_midnight_is_not_counted(self) -> None:
        series = [(_at(23, 30), 100.0), (_at(0, 15, day=2), 100.0)]
        self.assertEqual(daily_energy_kwh(series), {date(2023, 6, 1): 0.0, date(2023, 6, 2): 0.0})

    def test_gap_longer_than_max_gap_is_skipped(self) -> None:
        series = [(_at(9), 1000.0), (_at(12), 1000.0), (_at(12, 30), 1000.0)]
        self.assertAlmostEqual(daily_energy_kwh(series)[date(2023, 6, 1)], 0.5)
        wide = daily_energy_kwh(series, max_gap=timedelta(hours=4))
        self.assertAlmostEqual(wide[date(2023, 6, 1)], 3.5)

    def test_unsorted_series_is_rejected(self) -> None:
        with self.assertRaises(ValueError):
            daily_energy_kwh([(_at(12), 1.0), (_at(11), 1.0)])

    def test_empty_series(self) -> None:
        self.assertEqual(daily_energy_kwh([]), {})


class CapacityFactorTest(unittest.TestCase):
    """capacity_factor relates energy to nameplate capacity."""

    def test_typical_day(self) -> None:
        self.assertAlmostEqual(capacity_factor(24.0, 5.0), 0.2)

    def test_custom_period(self) -> None:
        self.assertAlmostEqual(capacity_factor(10.0, 10.0, hours=1.0), 1.0)

    def test_invalid_capacity(self) -> None:
        with self.assertRaises(ValueError):
            capacity_factor(1.0, 0.0)
        with self.assertRaises(ValueError):
            capacity_factor(1.0, 1.0, hours=0.0)


class VersionTest(unittest.TestCase):
    """The package exposes a PEP 440 release version."""

    def test_version_is_release_triplet(self) -> None:
        parts = pvoutput.__version__.split(".")
        self.assertEqual(len(parts), 3)
        self.assertTrue(all(part.isdigit() for part in parts))

    def test_version_matches_installed_metadata(self) -> None:
        # pyproject.toml and __init__.py both state the version; an installed
        # copy shows whether they still agree.
        try:
            installed = metadata.version("pvoutput")
        except metadata.PackageNotFoundError:
            self.skipTest("pvoutput is not installed (running from src/)")
        self.assertEqual(installed, pvoutput.__version__)


if __name__ == "__main__":
    unittest.main()
