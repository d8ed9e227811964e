"""Recurring re-checks: schedules, the scheduler, what changed between runs, notifications."""
