"""PX4's charts, drawn on the server as SVG (no script, no network, no chart library): the
geometry here, in whole units of the drawing from the amounts' minor units (integers: no
float touches money); the template (`partner/_charts.html`) writes the elements, each chart
with its <title>, <desc> and a table saying the same in text.

- threshold(): the managed volume as a bar against the threshold, its 10 % warning margin
  marked;
- forecast(): per month, the volume kept if the renewals due are renewed (bar), the volume
  left if none of them is (line), and the threshold (dashed line);
- cashback(): per month, the cashback earned (bar up) and reversed (bar down)."""
from dataclasses import dataclass, field
from decimal import Decimal

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 8, 8, 16, 40  # margins: the month labels below
WARNING_PERCENT = 110  # PA2: warning up to the threshold + 10 %


def minor(money):
    """An API's {"amount": "2000.00", "currency": "CHF"} in minor units (int)."""
    return int(Decimal(str(money["amount"])) * 100) if money else 0


@dataclass
class Bar:
    x: int
    y: int
    width: int
    height: int
    label: str = ""
    kind: str = ""


@dataclass
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    bars: list = field(default_factory=list)
    points: str = ""  # a polyline's "x,y x,y ..."
    lines: list = field(default_factory=list)  # (x1, y1, x2, y2, kind)
    labels: list = field(default_factory=list)  # (x, y, text)


def _scale(value, top, span):
    """`value` (minor units) as a length in [0, span] where `top` fills it."""
    return 0 if top <= 0 else max(0, min(span, value * span // top))


def threshold(figure):
    """A horizontal bar: the volume, the threshold line and the end of the warning margin."""
    volume, line = minor(figure["volume"]), minor(figure["threshold"])
    top = max(volume, line * 3 // 2, 1)
    span = WIDTH - LEFT - RIGHT
    chart = Chart(height=72)
    chart.bars.append(Bar(LEFT, 16, span, 28, kind="track"))
    chart.bars.append(Bar(LEFT, 16, _scale(volume, top, span), 28, kind=figure["status"]))
    for x, kind in ((LEFT + _scale(line, top, span), "threshold"),
                    (LEFT + _scale(line * WARNING_PERCENT // 100, top, span), "margin")):
        chart.lines.append((x, 8, x, 52, kind))
    return chart


def forecast(months, figure):
    """Per month: the volume if renewed (bar) and if nothing due is renewed (line)."""
    line = minor(figure["threshold"])
    kept, left = [minor(m["volume"]) for m in months], _left(months)
    top = max([*kept, line * 5 // 4, 1])
    chart = _columns(months, kept, top, "kept")
    span = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) // max(1, len(months))
    chart.points = " ".join(f"{LEFT + i * slot + slot // 2},{TOP + span - _scale(v, top, span)}"
                            for i, v in enumerate(left))
    y = TOP + span - _scale(line, top, span)
    chart.lines.append((LEFT, y, WIDTH - RIGHT, y, "threshold"))
    return chart


def cashback(months):
    """Per month: earned above the axis, reversed below it."""
    earned = [minor(m["earned"]) for m in months]
    reversed_ = [minor(m["reversed"]) for m in months]
    top = max([*earned, *reversed_, 1])
    span = HEIGHT - TOP - BOTTOM
    axis = TOP + span * 3 // 4  # a quarter below for reversals
    up, down = span * 3 // 4, span // 4
    slot = (WIDTH - LEFT - RIGHT) // max(1, len(months))
    chart = Chart()
    for i, month in enumerate(months):
        x = LEFT + i * slot + slot // 5
        height = _scale(earned[i], top, up)
        chart.bars.append(Bar(x, axis - height, slot * 3 // 5, height, month["month"], "earned"))
        if reversed_[i]:
            chart.bars.append(Bar(x, axis, slot * 3 // 5, _scale(reversed_[i], top, down), month["month"], "reversed"))
        chart.labels.append((LEFT + i * slot + slot // 2, HEIGHT - BOTTOM // 2, month["month"][2:]))
    chart.lines.append((LEFT, axis, WIDTH - RIGHT, axis, "axis"))
    return chart


def _columns(months, values, top, kind):
    span = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) // max(1, len(months))
    chart = Chart()
    for i, (month, value) in enumerate(zip(months, values)):
        height = _scale(value, top, span)
        chart.bars.append(Bar(LEFT + i * slot + slot // 5, TOP + span - height, slot * 3 // 5, height,
                              month["month"], kind))
        chart.labels.append((LEFT + i * slot + slot // 2, HEIGHT - BOTTOM // 2, month["month"][2:]))
    return chart


def _left(months):
    """Per month, the volume left (minor units) if none of the renewals due so far is renewed."""
    left, due = [], 0
    for month in months:
        due += minor(month["renewals_due"]["amount"])
        left.append(max(0, minor(month["volume"]) - due))
    return left


def at_risk(months):
    """The forecast's line in text: per month, the volume left if nothing due is renewed."""
    return [{"amount": str(Decimal(value).scaleb(-2)), "currency": month["volume"]["currency"]}
            for month, value in zip(months, _left(months))]
