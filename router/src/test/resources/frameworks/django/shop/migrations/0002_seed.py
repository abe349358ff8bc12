from decimal import Decimal

from django.db import migrations


def seed(apps, schema_editor):
    Customer = apps.get_model("shop", "Customer")
    Order = apps.get_model("shop", "Order")
    for email, name, orders in [("ada@example.com", "Ada", ["A-1", "A-2"]), ("bob@example.com", "Bob", ["B-1"]),
                                ("cy@example.com", "Cy", [])]:
        c = Customer.objects.create(email=email, name=name)
        for i, number in enumerate(orders):
            Order.objects.create(customer=c, number=number, total=Decimal("10.00") * (i + 1))


class Migration(migrations.Migration):
    dependencies = [("shop", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
