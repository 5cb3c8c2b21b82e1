"""What the benchmarks ran on: CPU model and memory, read the same way by
every bench script."""

import platform
from pathlib import Path


def cpu_and_memory() -> tuple[str, str]:
    """("AMD EPYC …", "23 GB"); the platform's guesses where /proc is missing."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) // 1024 // 1024} GB"
    except OSError:
        pass
    return cpu, memory
