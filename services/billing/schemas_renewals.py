"""Shapes of switching automatic renewal (BI3) and the warranty (BI4) on many products at once."""
from marshmallow import fields, validate

from services.common.schema import Strict


class ProductOptionsIn(Strict):
    product_ids = fields.List(fields.UUID(), required=True, validate=validate.Length(1, 100),
                              metadata={"description": "One product or many (at most 100): all or none change"})
    enabled = fields.Boolean(required=True)
