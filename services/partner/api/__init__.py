from .organizations import blp as organizations

BLUEPRINTS = [organizations]
