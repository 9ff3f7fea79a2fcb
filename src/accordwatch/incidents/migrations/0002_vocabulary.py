"""ACLED's event vocabulary (as of its 2023 codebook) and the starting list of ceasefire
violation categories. Written out here, not imported, so the migration stays what it was
when it ran; editors may add categories later."""

from django.db import migrations

DISORDER_TYPES = [
    ("political-violence", "Political violence"),
    ("demonstrations", "Demonstrations"),
    ("strategic-developments-disorder", "Strategic developments"),
    ("political-violence-demonstrations", "Political violence; Demonstrations"),
]

EVENT_TYPES = [
    (
        "battles",
        "Battles",
        [
            ("armed-clash", "Armed clash"),
            ("government-regains-territory", "Government regains territory"),
            ("non-state-actor-overtakes-territory", "Non-state actor overtakes territory"),
        ],
    ),
    (
        "explosions-remote-violence",
        "Explosions/Remote violence",
        [
            ("chemical-weapon", "Chemical weapon"),
            ("air-drone-strike", "Air/drone strike"),
            ("suicide-bomb", "Suicide bomb"),
            ("shelling-artillery-missile-attack", "Shelling/artillery/missile attack"),
            ("remote-explosive-landmine-ied", "Remote explosive/landmine/IED"),
            ("grenade", "Grenade"),
        ],
    ),
    (
        "violence-against-civilians",
        "Violence against civilians",
        [
            ("sexual-violence", "Sexual violence"),
            ("attack", "Attack"),
            ("abduction-forced-disappearance", "Abduction/forced disappearance"),
        ],
    ),
    (
        "protests",
        "Protests",
        [
            ("peaceful-protest", "Peaceful protest"),
            ("protest-with-intervention", "Protest with intervention"),
            ("excessive-force-against-protesters", "Excessive force against protesters"),
        ],
    ),
    (
        "riots",
        "Riots",
        [
            ("violent-demonstration", "Violent demonstration"),
            ("mob-violence", "Mob violence"),
        ],
    ),
    (
        "strategic-developments",
        "Strategic developments",
        [
            ("agreement", "Agreement"),
            ("arrests", "Arrests"),
            ("change-to-group-activity", "Change to group/activity"),
            ("disrupted-weapons-use", "Disrupted weapons use"),
            ("headquarters-or-base-established", "Headquarters or base established"),
            ("looting-property-destruction", "Looting/property destruction"),
            ("non-violent-transfer-of-territory", "Non-violent transfer of territory"),
            ("other", "Other"),
        ],
    ),
]

VIOLATION_CATEGORIES = [
    ("attack-on-positions", "Attack on positions"),
    ("movement-of-forces", "Movement of forces"),
    ("obstruction-of-patrols-or-aid", "Obstruction of patrols or aid"),
    ("attack-on-civilians", "Attack on civilians"),
    ("hostile-propaganda", "Hostile propaganda"),
    ("denial-of-access", "Denial of access"),
]


def forwards(apps, schema_editor):
    EventType = apps.get_model("incidents", "EventType")
    ViolationCategory = apps.get_model("incidents", "ViolationCategory")
    for position, (key, name) in enumerate(DISORDER_TYPES):
        EventType.objects.update_or_create(
            key=key, defaults={"level": "disorder", "name": name, "position": position}
        )
    for position, (key, name, subs) in enumerate(EVENT_TYPES):
        parent, _ = EventType.objects.update_or_create(
            key=key, defaults={"level": "event", "name": name, "position": position}
        )
        for sub_position, (sub_key, sub_name) in enumerate(subs):
            EventType.objects.update_or_create(
                key=sub_key,
                defaults={
                    "level": "sub_event",
                    "name": sub_name,
                    "parent": parent,
                    "position": sub_position,
                },
            )
    for position, (key, name) in enumerate(VIOLATION_CATEGORIES):
        ViolationCategory.objects.update_or_create(
            key=key, defaults={"name": name, "position": position}
        )


def backwards(apps, schema_editor):
    apps.get_model("incidents", "ViolationCategory").objects.filter(
        key__in=[key for key, _ in VIOLATION_CATEGORIES]
    ).delete()
    EventType = apps.get_model("incidents", "EventType")
    EventType.objects.filter(level="sub_event").delete()
    EventType.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("incidents", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
