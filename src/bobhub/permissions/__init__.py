"""HiBob permissions: the catalogue in HiBob's wording, the doctor that probes a service user, the planner."""

from bobhub.permissions.catalogue import PermissionSpec, all_seed_permissions
from bobhub.permissions.doctor import diagnose
from bobhub.permissions.planner import AUDIENCE, FEATURES, plan
from bobhub.permissions.render import render_plan, render_report
from bobhub.permissions.report import Audience, Check, DoctorReport, FieldReport

__all__ = [
    "AUDIENCE",
    "FEATURES",
    "Audience",
    "Check",
    "DoctorReport",
    "FieldReport",
    "PermissionSpec",
    "all_seed_permissions",
    "diagnose",
    "plan",
    "render_plan",
    "render_report",
]
