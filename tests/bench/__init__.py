"""The accuracy and speed benchmark behind ``make bench``; evaluation, kept apart from tests."""
