"""The JSON Schema of the card result (``card_result.schema.json``), shipped as package data."""
