"""The hash chain's columns and its head (ADR 0018). Existing rows get 0 and
empty hashes here; 0004 chains them, and 0005 makes positions unique."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0002_append_only'),
    ]

    operations = [
        migrations.AddField(
            model_name='auditevent',
            name='chain_seq',
            field=models.BigIntegerField(db_default=0, editable=False),
        ),
        migrations.AddField(
            model_name='auditevent',
            name='hash',
            field=models.CharField(db_default='', editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name='auditevent',
            name='prev_hash',
            field=models.CharField(db_default='', editable=False, max_length=64),
        ),
        migrations.CreateModel(
            name='AuditChainHead',
            fields=[
                ('id', models.SmallIntegerField(default=1, primary_key=True, serialize=False)),
                ('seq', models.BigIntegerField()),
                ('hash', models.CharField(max_length=64)),
            ],
            options={
                'constraints': [models.CheckConstraint(condition=models.Q(('id', 1)), name='audit_chain_one_head')],
            },
        ),
    ]
