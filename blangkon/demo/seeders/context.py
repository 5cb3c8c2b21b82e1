"""What every seeder receives: the scale, the random source and the shared outputs."""

import random
from dataclasses import dataclass, field
from functools import cached_property
from io import TextIOBase

from django.contrib.auth.hashers import make_password

from blangkon.demo.scales import Scale

# 25 March 2022: the day Dinas Koperasi dan UKM Jateng published the figures
# the "seed" scale reproduces.
RANDOM_SEED = 20220325

# Every demo account shares it and the command prints it: it is public knowledge,
# which is why seed_demo refuses to run in production.
DEMO_PASSWORD = "blangkon-demo-2022"


@dataclass(frozen=True)
class DemoAccount:
    """A fixed demo login, listed after seeding so people know whom to log in as."""

    username: str
    role: str  # the role's label, as shown to users
    organisation: str


@dataclass
class SeedContext:
    scale: Scale
    scale_name: str
    password: str
    stdout: TextIOBase
    # Demo data, not secrets: a seeded, reproducible generator is the point.
    rng: random.Random = field(default_factory=lambda: random.Random(RANDOM_SEED))  # noqa: S311
    accounts: list[DemoAccount] = field(default_factory=list)

    @cached_property
    def password_hash(self) -> str:
        # Hashing is slow by design (Argon2); every demo user shares one hash.
        return make_password(self.password)

    def rng_for(self, name: str) -> random.Random:
        """A generator of its own for one seeder.

        Seeders that draw from it do not shift each other's data when one of
        them changes or a new seeder is added before them. String seeds are
        hashed with SHA-512, so this is stable across processes.
        """
        return random.Random(f"{RANDOM_SEED}:{name}")  # noqa: S311
