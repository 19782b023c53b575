"""Schedules (UTC): the daily full refresh at 03:00 and the hourly incremental build at :15."""

from __future__ import annotations

import dagster as dg

from orchestration.jobs import daily_full_refresh_job, incremental_build_job

daily_full_refresh_schedule = dg.ScheduleDefinition(
    name="daily_full_refresh_schedule",
    job=daily_full_refresh_job,
    cron_schedule="0 3 * * *",
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Full refresh of the whole warehouse every night, then the syncs.",
)

hourly_incremental_schedule = dg.ScheduleDefinition(
    name="hourly_incremental_schedule",
    job=incremental_build_job,
    cron_schedule="15 * * * *",
    execution_timezone="UTC",
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description="Incremental build plus syncs every hour.",
)

schedules = [daily_full_refresh_schedule, hourly_incremental_schedule]
