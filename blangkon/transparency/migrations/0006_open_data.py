"""The open-data files' table, and the indexes the public register reads
orders by (docs/design/transparency.md § 6). The indexes are the register's,
so they are created here and not in the orders app: orders never know who
reads them (docs/architecture.md), and Django's model state need not know them
(no query names them; PostgreSQL picks them for the register's ORDER BY).

- the signed orders by the PPK's signature, newest first, for the default
  sort and the year and date filters;
- the signed orders by their value (payable_total: the accepted value, else
  the total as ordered), for the value sort and the value filters;
- the items' names, upper-cased, by trigram, for the search text (Django's
  icontains is UPPER(name) LIKE UPPER('%…%')).
"""

from django.db import migrations, models

INDEXES = """
CREATE INDEX orders_order_register_date ON orders_order (approved_at DESC, id DESC)
    WHERE approved_at IS NOT NULL;
CREATE INDEX orders_order_register_value
    ON orders_order ((COALESCE(accepted_total, total)), id) WHERE approved_at IS NOT NULL;
CREATE INDEX orders_orderline_name_trgm ON orders_orderline USING gin (UPPER(name) gin_trgm_ops);
"""
DROP_INDEXES = """
DROP INDEX IF EXISTS orders_order_register_date;
DROP INDEX IF EXISTS orders_order_register_value;
DROP INDEX IF EXISTS orders_orderline_name_trgm;
"""


class Migration(migrations.Migration):

    dependencies = [
        ('transparency', '0005_inaproc_rows_in_rollups'),
        ('orders', '0005_paying'),
        ('core', '0001_postgres_extensions'),
    ]

    operations = [
        migrations.CreateModel(
            name='PublishedFile',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=80, unique=True)),
                ('fiscal_year', models.PositiveSmallIntegerField(blank=True, null=True)),
                ('format', models.CharField(choices=[('csv', 'CSV'), ('xlsx', 'XLSX'), ('json', 'JSON')], max_length=4)),
                ('path', models.CharField(max_length=255)),
                ('rows', models.PositiveIntegerField()),
                ('size', models.BigIntegerField()),
                ('sha256', models.CharField(max_length=64)),
                ('generated_at', models.DateTimeField()),
            ],
            options={
                'ordering': [models.OrderBy(models.F('fiscal_year'), descending=True, nulls_first=True), 'format'],
            },
        ),
        migrations.RunSQL(INDEXES, DROP_INDEXES),
    ]
