"""Seed the exchange-rate table with the documented rates of ``rates_seed``."""

from django.db import migrations


def seed(apps, schema_editor):
    from accordwatch.assistance.rates_seed import seed_rates

    ExchangeRate = apps.get_model("assistance", "ExchangeRate")
    for currency, valid_from, units, source in seed_rates():
        ExchangeRate.objects.update_or_create(
            currency=currency,
            valid_from=valid_from,
            defaults={"units_per_usd": units, "source": source},
        )


class Migration(migrations.Migration):
    dependencies = [("assistance", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
