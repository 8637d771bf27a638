"""The coordinator's plan for the year, as written on its pages: own tasks and ticks on the wheel,
the topic plan, the providers' package catalogue, external activities and the status report's
sections. Each change is a @service with its actor (packages and activities are in the history).

A form's object arrives unsaved (`form.save(commit=False)`); the service fills in what the page
knows (cluster, author) and saves it."""

from django.utils import timezone

from klynge.clusters.audit import Actor, service
from klynge.year.models import (
    ExternalActivity,
    Package,
    PlannedTopic,
    ReportSection,
    Task,
    WheelMark,
)


@service
def set_wheel_mark(cluster, key: str, done: bool, *, by) -> None:
    """Tick off (done) or un-tick a derived deadline of the wheel, by its stable key."""
    if done:
        WheelMark.objects.get_or_create(
            cluster=cluster, key=key, defaults={"by": Actor.of(by).user}
        )
    else:
        WheelMark.objects.filter(cluster=cluster, key=key).delete()


@service
def add_task(cluster, task: Task, *, by) -> Task:
    task.cluster = cluster
    task.created_by = Actor.of(by).user
    task.save()
    return task


@service
def change_task(task: Task, *, by) -> Task:
    task.save()
    return task


@service
def set_task_done(task: Task, done: bool, *, by) -> Task:
    task.done_at = timezone.now() if done else None
    task.save(update_fields=["done_at"])
    return task


@service
def delete_task(task: Task, *, by) -> None:
    task.delete()


@service
def add_topic(cluster, topic: PlannedTopic, *, by) -> PlannedTopic:
    topic.cluster = cluster
    topic.save()
    return topic


@service
def change_topic(topic: PlannedTopic, *, by) -> PlannedTopic:
    topic.save()
    return topic


@service
def delete_topic(topic: PlannedTopic, *, by) -> None:
    topic.delete()


@service
def save_package(package: Package, provider: dict, *, by) -> Package:
    """A package of the provider's catalogue, new or edited (`provider`: provider_scheme or
    provider_region, and which)."""
    for field, value in provider.items():
        setattr(package, field, value)
    package.save()
    return package


@service
def add_activity(cluster, activity: ExternalActivity, *, by) -> ExternalActivity:
    activity.cluster = cluster
    activity.created_by = Actor.of(by).user
    activity.save()
    return activity


@service
def change_activity(activity: ExternalActivity, *, by) -> ExternalActivity:
    activity.save()
    return activity


@service
def delete_activity(activity: ExternalActivity, *, by) -> None:
    activity.delete()


@service
def save_report_section(scheme, section: ReportSection, *, by) -> ReportSection:
    """A section of the scheme's status report form, new or edited by its secretariat."""
    section.scheme = scheme
    section.save()
    return section
