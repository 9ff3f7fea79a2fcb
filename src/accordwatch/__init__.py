"""accordwatch: follow a peace process, its commitments and the evidence behind them."""

__version__ = "0.1.0"
