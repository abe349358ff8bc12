#!/usr/bin/env python3
"""Django's own manage.py for the shop app: the test runs it as a Django user would."""
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shopsite.settings")
    from django.core.management import execute_from_command_line
    execute_from_command_line(sys.argv)
