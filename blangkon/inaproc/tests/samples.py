"""The real sample of LKPP's INAPROC packages (blangkon/inaproc/sample/README.md)."""

from blangkon.inaproc.sample_data import SAMPLE, sample_records

sample = sample_records

__all__ = ["SAMPLE", "sample"]
