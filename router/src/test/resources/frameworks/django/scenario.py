#!/usr/bin/env python3
"""The shop app's scenario, as a Django user runs it: `baseline` migrates to 0002 (on main); `work` applies the new
migration, does CRUD through the ORM and prints what Django's own introspection (inspectdb, showmigrations) sees.
Everything printed must read the same on a rift branch as on a full copy of the database."""
import os
import sys
from decimal import Decimal

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shopsite.settings")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import IntegrityError, transaction  # noqa: E402

from shop.models import Customer, Order, Shipment  # noqa: E402


def step(name):
    print("== " + name, flush=True)


def crud():
    new = Customer.objects.create(email="dee@example.com", name="Dee", vip=True)
    order = Order.objects.create(customer=new, number="D-1", total=Decimal("99.90"))
    Shipment.objects.create(order=order, carrier="post")
    Shipment.objects.create(order=Order.objects.get(number="A-1"), carrier="courier")
    print("updated", Customer.objects.filter(email="ada@example.com").update(name="Ada L.", vip=True))
    print("deleted", Order.objects.filter(number="A-2").delete())
    print("deleted", Customer.objects.filter(email="bob@example.com").delete())
    try:
        with transaction.atomic():
            Customer.objects.create(email="dee@example.com", name="Dee again")
    except IntegrityError as e:
        print("IntegrityError", e)
    for o in Order.objects.select_related("customer").order_by("number"):
        print("order", o.id, o.number, o.total, o.customer.id, o.customer.email, o.customer.name, o.customer.vip,
              o.placed_at is not None)
    for s in Shipment.objects.select_related("order__customer").order_by("id"):
        print("shipment", s.id, s.carrier, s.order.number, s.order.customer.email)
    for c in Customer.objects.order_by("id"):
        print("customer", c.id, c.email, c.name, c.vip, c.orders.count(), c.updated_at >= c.created_at)


def main(phase):
    if phase == "baseline":
        call_command("migrate", "shop", "0002", no_color=True)
        return
    step("migrate")
    call_command("migrate", no_color=True)
    step("crud")
    crud()
    step("inspectdb")
    call_command("inspectdb", no_color=True)
    step("showmigrations")
    call_command("showmigrations", no_color=True)


if __name__ == "__main__":
    main(sys.argv[1])
