from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):
    """The migration a branch tries: a column with a default, an index, a table with a foreign key."""
    dependencies = [("shop", "0002_seed")]
    operations = [
        migrations.AddField(model_name="customer", name="vip", field=models.BooleanField(default=False)),
        migrations.AddIndex(model_name="order",
                            index=models.Index(fields=["customer", "total"], name="shop_order_cust_total_idx")),
        migrations.CreateModel(
            name="Shipment",
            fields=[
                ("id", models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("carrier", models.CharField(max_length=40)),
                ("shipped_at", models.DateTimeField(null=True)),
                ("order", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="shipments",
                                            to="shop.order")),
            ],
        ),
    ]
