"""The event store's schema, as migrations that are never edited once released.

Add a new function at the end to change the schema; a test upgrades a database
made by the earlier steps and checks that its data survived.

Anonymity is structural: ``notes`` and ``photos`` have no column that names an
attendee, a ticket or a device, and they are ``WITHOUT ROWID`` tables keyed by a
random id, so not even the insertion order can be lined up with the points
ledger (which has no time and no order either).
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("zuil")


def _run(db: Database, script: str) -> None:
    """Run a script statement by statement inside the migration's transaction.

    ``sqlite3.executescript`` would COMMIT first and break the migration's atomicity.
    """
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    if statement.strip():
        raise ValueError(f"incomplete SQL statement: {statement!r}")


@migrations()
def m001_initial(db: Database) -> None:
    """The event, its content, attendees, tickets, actions and devices."""
    _run(
        db,
        """
        CREATE TABLE event (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            uid INTEGER NOT NULL,
            name TEXT NOT NULL,
            starts TEXT NOT NULL,
            ends TEXT NOT NULL,
            venue TEXT NOT NULL DEFAULT '',
            tagline TEXT NOT NULL DEFAULT '',
            info TEXT NOT NULL DEFAULT '',
            moderation TEXT NOT NULL DEFAULT 'post',
            photo_moderation TEXT NOT NULL DEFAULT 'pre',
            feedback_bonus INTEGER NOT NULL DEFAULT 5,
            feedback_cap INTEGER NOT NULL DEFAULT 2,
            primary_colour TEXT NOT NULL,
            secondary_colour TEXT NOT NULL,
            background_colour TEXT NOT NULL,
            logo TEXT,
            map TEXT
        );
        CREATE TABLE workshops (
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL UNIQUE COLLATE NOCASE,
            position INTEGER NOT NULL,
            title TEXT NOT NULL,
            room TEXT NOT NULL DEFAULT '',
            starts TEXT,
            ends TEXT,
            teaser TEXT NOT NULL DEFAULT '',
            info TEXT NOT NULL DEFAULT '',
            map_x REAL,
            map_y REAL
        );
        CREATE TABLE questions (
            id INTEGER PRIMARY KEY,
            workshop_id INTEGER NOT NULL REFERENCES workshops(id),
            position INTEGER NOT NULL,
            text TEXT NOT NULL,
            kind TEXT NOT NULL,
            options TEXT NOT NULL,
            correct INTEGER NOT NULL,
            explanation TEXT NOT NULL DEFAULT '',
            points INTEGER NOT NULL,
            UNIQUE (workshop_id, position)
        );
        CREATE TABLE agenda (
            id INTEGER PRIMARY KEY,
            position INTEGER NOT NULL,
            starts TEXT NOT NULL,
            ends TEXT,
            title TEXT NOT NULL,
            room TEXT NOT NULL DEFAULT '',
            workshop_id INTEGER REFERENCES workshops(id)
        );
        CREATE TABLE attendees (
            id INTEGER PRIMARY KEY,
            first_name TEXT NOT NULL,
            last_name TEXT NOT NULL,
            organisation TEXT NOT NULL DEFAULT '',
            email TEXT,
            phone TEXT,
            display TEXT NOT NULL DEFAULT 'initial',
            kind TEXT NOT NULL DEFAULT 'registered',
            created_at TEXT NOT NULL
        );
        CREATE UNIQUE INDEX attendees_email ON attendees(email COLLATE NOCASE)
            WHERE email IS NOT NULL;
        CREATE TABLE attendee_workshops (
            attendee_id INTEGER NOT NULL REFERENCES attendees(id),
            workshop_id INTEGER NOT NULL REFERENCES workshops(id),
            PRIMARY KEY (attendee_id, workshop_id)
        ) WITHOUT ROWID;
        CREATE TABLE ticket_keys (
            key_id INTEGER PRIMARY KEY,
            public_key TEXT NOT NULL,
            created_at TEXT NOT NULL
        );
        CREATE TABLE tickets (
            serial INTEGER PRIMARY KEY,
            attendee_id INTEGER NOT NULL REFERENCES attendees(id),
            key_id INTEGER NOT NULL REFERENCES ticket_keys(key_id),
            valid_from TEXT NOT NULL,
            valid_until TEXT NOT NULL,
            issued_at TEXT NOT NULL,
            printed_at TEXT,
            revoked_at TEXT
        );
        CREATE INDEX tickets_attendee ON tickets(attendee_id);
        CREATE TABLE scans (
            id TEXT PRIMARY KEY,
            serial INTEGER NOT NULL,
            attendee_id INTEGER NOT NULL,
            workshop_id INTEGER,
            device_id INTEGER,
            scanned_at TEXT NOT NULL,
            received_at TEXT NOT NULL
        );
        CREATE INDEX scans_workshop ON scans(workshop_id);
        CREATE TABLE answers (
            id TEXT PRIMARY KEY,
            attendee_id INTEGER NOT NULL,
            question_id INTEGER NOT NULL REFERENCES questions(id),
            choice INTEGER NOT NULL,
            correct INTEGER NOT NULL,
            device_id INTEGER,
            answered_at TEXT NOT NULL,
            received_at TEXT NOT NULL
        );
        CREATE INDEX answers_attendee_question ON answers(attendee_id, question_id);
        CREATE INDEX answers_question ON answers(question_id);
        CREATE TABLE notes (
            id TEXT PRIMARY KEY,
            wall TEXT NOT NULL CHECK (wall IN ('top', 'tip')),
            text TEXT NOT NULL,
            workshop_id INTEGER REFERENCES workshops(id),
            state TEXT NOT NULL CHECK (state IN ('pending', 'visible', 'hidden')),
            created_minute TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE photos (
            id TEXT PRIMARY KEY,
            sha256 TEXT NOT NULL,
            caption TEXT NOT NULL DEFAULT '',
            wall TEXT NOT NULL CHECK (wall IN ('top', 'tip')),
            workshop_id INTEGER REFERENCES workshops(id),
            state TEXT NOT NULL CHECK (state IN ('pending', 'visible', 'hidden')),
            width INTEGER NOT NULL,
            height INTEGER NOT NULL,
            created_minute TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE points (
            attendee_id INTEGER NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('answer', 'feedback')),
            ref INTEGER NOT NULL,
            count INTEGER NOT NULL DEFAULT 0,
            points INTEGER NOT NULL,
            PRIMARY KEY (attendee_id, kind, ref)
        ) WITHOUT ROWID;
        CREATE TABLE devices (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('kiosk', 'wall', 'desk', 'organiser')),
            name TEXT NOT NULL DEFAULT '',
            token_hash TEXT UNIQUE,
            pairing_hash TEXT UNIQUE,
            pairing_expires TEXT,
            workshop_id INTEGER REFERENCES workshops(id),
            created_at TEXT NOT NULL,
            last_seen TEXT,
            revoked_at TEXT
        );
        CREATE TABLE applied_actions (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL
        ) WITHOUT ROWID;
        """,
    )


_REVISED = ("event", "workshops", "questions", "agenda", "attendees", "tickets", "ticket_keys")


@migrations()
def m002_revisions(db: Database) -> None:
    """A change counter on content, so devices pull only what changed since their cursor.

    Every insert or update of a revised table stamps the row with the next
    revision; a delete leaves a tombstone with its revision.
    """
    _run(
        db,
        """
        CREATE TABLE revision (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL);
        INSERT INTO revision VALUES (1, 0);
        CREATE TABLE tombstones (
            rev INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            key INTEGER NOT NULL
        );
        """,
    )
    for table in _REVISED:
        key = "serial" if table == "tickets" else "key_id" if table == "ticket_keys" else "id"
        _run(
            db,
            f"""
            ALTER TABLE {table} ADD COLUMN rev INTEGER NOT NULL DEFAULT 0;
            UPDATE revision SET value = value + 1;
            UPDATE {table} SET rev = (SELECT value FROM revision);
            CREATE INDEX {table}_rev ON {table}(rev);
            CREATE TRIGGER {table}_rev_insert AFTER INSERT ON {table} BEGIN
                UPDATE revision SET value = value + 1;
                UPDATE {table} SET rev = (SELECT value FROM revision) WHERE {key} = NEW.{key};
            END;
            CREATE TRIGGER {table}_rev_update AFTER UPDATE ON {table}
                WHEN NEW.rev IS OLD.rev BEGIN
                UPDATE revision SET value = value + 1;
                UPDATE {table} SET rev = (SELECT value FROM revision) WHERE {key} = NEW.{key};
            END;
            CREATE TRIGGER {table}_rev_delete AFTER DELETE ON {table} BEGIN
                UPDATE revision SET value = value + 1;
                INSERT INTO tombstones (rev, kind, key)
                    VALUES ((SELECT value FROM revision), '{table}', OLD.{key});
            END;
            """,
        )
    # A change of an attendee's workshops changes what pillars know of them.
    _run(
        db,
        """
        CREATE TRIGGER attendee_workshops_insert AFTER INSERT ON attendee_workshops BEGIN
            UPDATE revision SET value = value + 1;
            UPDATE attendees SET rev = (SELECT value FROM revision) WHERE id = NEW.attendee_id;
        END;
        CREATE TRIGGER attendee_workshops_delete AFTER DELETE ON attendee_workshops BEGIN
            UPDATE revision SET value = value + 1;
            UPDATE attendees SET rev = (SELECT value FROM revision) WHERE id = OLD.attendee_id;
        END;
        """,
    )


@migrations()
def m003_live_and_health(db: Database) -> None:
    """The live event log that walls resume from, pillar health, and flagged notes."""
    _run(
        db,
        """
        CREATE TABLE live_events (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            kind TEXT NOT NULL,
            payload TEXT NOT NULL,
            at TEXT NOT NULL
        );
        ALTER TABLE devices ADD COLUMN clock_offset_ms INTEGER;
        ALTER TABLE devices ADD COLUMN outbox INTEGER;
        ALTER TABLE notes ADD COLUMN flagged TEXT NOT NULL DEFAULT '';
        ALTER TABLE photos ADD COLUMN flagged TEXT NOT NULL DEFAULT '';
        CREATE TABLE photo_files (
            sha256 TEXT PRIMARY KEY,
            width INTEGER NOT NULL,
            height INTEGER NOT NULL,
            bytes INTEGER NOT NULL
        ) WITHOUT ROWID;
        """,
    )


@migrations()
def m004_deliveries(db: Database) -> None:
    """Personal links sent by e-mail or SMS: one status per attendee and channel."""
    _run(
        db,
        """
        CREATE TABLE deliveries (
            attendee_id INTEGER NOT NULL REFERENCES attendees(id),
            channel TEXT NOT NULL,
            status TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT '',
            attempts INTEGER NOT NULL DEFAULT 0,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (attendee_id, channel)
        ) WITHOUT ROWID;
        """,
    )


@migrations()
def m005_report_frozen(db: Database) -> None:
    """Report content frozen when personal data is purged (the published top 5)."""
    _run(
        db,
        """
        CREATE TABLE report_frozen (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID;
        """,
    )


@migrations()
def m006_scans_keyed_by_ledger(db: Database) -> None:
    """Scans lose their own primary key: the ``applied_actions`` ledger keeps ids unique.

    Both were indexes on random UUIDs; each insert into one touches a random page,
    and two of them per scan doubled what a batch of scans writes and fsyncs
    (measured: 43-51 against 25-27 µs a scan for the rows and the commit).
    """
    _run(
        db,
        """
        CREATE TABLE scans_new (
            id TEXT NOT NULL,
            serial INTEGER NOT NULL,
            attendee_id INTEGER NOT NULL,
            workshop_id INTEGER,
            device_id INTEGER,
            scanned_at TEXT NOT NULL,
            received_at TEXT NOT NULL
        );
        INSERT INTO scans_new (id, serial, attendee_id, workshop_id, device_id, scanned_at,
                               received_at)
            SELECT id, serial, attendee_id, workshop_id, device_id, scanned_at, received_at
              FROM scans ORDER BY rowid;
        DROP TABLE scans;
        ALTER TABLE scans_new RENAME TO scans;
        CREATE INDEX scans_workshop ON scans(workshop_id);
        """,
    )


@migrations()
def m007_polls(db: Database) -> None:
    """Ratings, recommend questions, polls, naming votes and open questions.

    Who answered and what was answered are kept apart: ``poll_answered`` says that an
    attendee answered a question (so a second answer is refused) and holds no value;
    ``poll_tally`` counts the values and holds no attendee, no time and, being counts
    in a ``WITHOUT ROWID`` table, no order either. Texts (comments, open answers,
    proposals) are moderated like notes: keyed by a random id, stamped to the minute.
    In ``poll_tally`` the value -1 counts respondents (a poll may take several choices).
    """
    _run(
        db,
        """
        ALTER TABLE event ADD COLUMN min_answers INTEGER NOT NULL DEFAULT 5;
        CREATE TABLE polls (
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL UNIQUE COLLATE NOCASE,
            position INTEGER NOT NULL,
            kind TEXT NOT NULL
                CHECK (kind IN ('rating', 'recommend', 'poll', 'vote', 'open')),
            workshop_id INTEGER REFERENCES workshops(id),
            text TEXT NOT NULL DEFAULT '',
            subject TEXT NOT NULL DEFAULT '',
            options TEXT NOT NULL DEFAULT '[]',
            max_choices INTEGER NOT NULL DEFAULT 1,
            comment INTEGER NOT NULL DEFAULT 0,
            opens TEXT,
            closes TEXT,
            results TEXT NOT NULL DEFAULT 'live'
                CHECK (results IN ('live', 'after_close', 'organiser')),
            manual TEXT CHECK (manual IN ('open', 'closed')),
            phase TEXT CHECK (phase IN ('propose', 'vote')),
            rev INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX polls_rev ON polls(rev);
        CREATE TRIGGER polls_rev_insert AFTER INSERT ON polls BEGIN
            UPDATE revision SET value = value + 1;
            UPDATE polls SET rev = (SELECT value FROM revision) WHERE id = NEW.id;
        END;
        CREATE TRIGGER polls_rev_update AFTER UPDATE ON polls
            WHEN NEW.rev IS OLD.rev BEGIN
            UPDATE revision SET value = value + 1;
            UPDATE polls SET rev = (SELECT value FROM revision) WHERE id = NEW.id;
        END;
        CREATE TRIGGER polls_rev_delete AFTER DELETE ON polls BEGIN
            UPDATE revision SET value = value + 1;
            INSERT INTO tombstones (rev, kind, key)
                VALUES ((SELECT value FROM revision), 'polls', OLD.id);
        END;
        CREATE TABLE poll_answered (
            poll_id INTEGER NOT NULL REFERENCES polls(id),
            part TEXT NOT NULL CHECK (part IN ('answer', 'proposal')),
            attendee_id INTEGER NOT NULL,
            PRIMARY KEY (poll_id, part, attendee_id)
        ) WITHOUT ROWID;
        CREATE TABLE poll_tally (
            poll_id INTEGER NOT NULL REFERENCES polls(id),
            source TEXT NOT NULL CHECK (source IN ('digital', 'paper')),
            value INTEGER NOT NULL,
            count INTEGER NOT NULL,
            PRIMARY KEY (poll_id, source, value)
        ) WITHOUT ROWID;
        CREATE TABLE poll_texts (
            id INTEGER PRIMARY KEY,
            poll_id INTEGER NOT NULL REFERENCES polls(id),
            part TEXT NOT NULL CHECK (part IN ('comment', 'open', 'proposal')),
            text TEXT NOT NULL,
            state TEXT NOT NULL CHECK (state IN ('pending', 'visible', 'hidden')),
            created_minute TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX poll_texts_poll ON poll_texts(poll_id, part, state);
        -- pillars show a vote's approved proposals: a change to one is a change to its vote
        CREATE TRIGGER poll_texts_proposal_insert AFTER INSERT ON poll_texts
            WHEN NEW.part = 'proposal' AND NEW.state = 'visible' BEGIN
            UPDATE polls SET manual = manual WHERE id = NEW.poll_id;
        END;
        CREATE TRIGGER poll_texts_proposal_update AFTER UPDATE ON poll_texts
            WHEN NEW.part = 'proposal' BEGIN
            UPDATE polls SET manual = manual WHERE id = NEW.poll_id;
        END;
        """,
    )


@migrations()
def m008_poll_publication_and_refusals(db: Database) -> None:
    """What walls were last shown of each question, and the actions refused per device.

    ``poll_published`` keeps the results a wall may see as last published: a wall
    (or its snapshot) never sees a tally that moved by fewer than *k* answers, so
    no single answer can be read off two looks in a row. ``devices.refused``
    counts the actions the hub refused from a pillar (with the last reason), for
    the pillar's health on the dashboard. ``poll_texts_visible`` holds the visible
    texts themselves: a word cloud recounted after each answer reads the index
    alone, not one row lookup per answer.
    """
    _run(
        db,
        """
        CREATE TABLE poll_published (
            poll_id INTEGER PRIMARY KEY REFERENCES polls(id),
            n INTEGER NOT NULL,
            state TEXT NOT NULL,
            phase TEXT,
            rev INTEGER NOT NULL,
            result TEXT
        );
        ALTER TABLE devices ADD COLUMN refused INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE devices ADD COLUMN last_refusal TEXT;
        CREATE INDEX poll_texts_visible ON poll_texts(poll_id, part, state, text);
        """,
    )


@migrations()
def m009_work_sessions(db: Database) -> None:
    """Work sessions (world café, brainstorm): questions, tables, rounds, ideas and dots.

    A session with its questions, tables and rounds is content, revisioned like
    workshops so table pillars pull it: a change to any of its rows is a change to
    the session. Its ideas are anonymous like notes: no ticket, device or time finer
    than the minute, keyed by a random id (below 2**52, so a phone's JavaScript keeps
    it exact) in a ``WITHOUT ROWID`` table. Dot voting keeps who voted apart from
    what got the dots: ``cafe_voted`` says that an attendee spent their dots on a
    question (so a second ballot is refused), ``idea_dots`` counts the dots per idea;
    neither has a time or an order. Joining a table is counted per round and table
    (``cafe_join_counts``); ``cafe_joined`` keeps who joined in a round, without the
    table, so a second scan in the same round counts once.
    """
    _run(
        db,
        """
        CREATE TABLE work_sessions (
            id INTEGER PRIMARY KEY,
            code TEXT NOT NULL UNIQUE COLLATE NOCASE,
            position INTEGER NOT NULL,
            title TEXT NOT NULL,
            dots INTEGER NOT NULL DEFAULT 3,
            dots_per_idea INTEGER NOT NULL DEFAULT 1,
            phase TEXT NOT NULL DEFAULT 'ready'
                CHECK (phase IN ('ready', 'gather', 'sort', 'vote', 'harvest')),
            rev INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX work_sessions_rev ON work_sessions(rev);
        CREATE TRIGGER work_sessions_rev_insert AFTER INSERT ON work_sessions BEGIN
            UPDATE revision SET value = value + 1;
            UPDATE work_sessions SET rev = (SELECT value FROM revision) WHERE id = NEW.id;
        END;
        CREATE TRIGGER work_sessions_rev_update AFTER UPDATE ON work_sessions
            WHEN NEW.rev IS OLD.rev BEGIN
            UPDATE revision SET value = value + 1;
            UPDATE work_sessions SET rev = (SELECT value FROM revision) WHERE id = NEW.id;
        END;
        CREATE TRIGGER work_sessions_rev_delete AFTER DELETE ON work_sessions BEGIN
            UPDATE revision SET value = value + 1;
            INSERT INTO tombstones (rev, kind, key)
                VALUES ((SELECT value FROM revision), 'work_sessions', OLD.id);
        END;
        CREATE TABLE cafe_questions (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES work_sessions(id),
            code TEXT NOT NULL COLLATE NOCASE,
            position INTEGER NOT NULL,
            text TEXT NOT NULL,
            revealed INTEGER NOT NULL DEFAULT 0,
            UNIQUE (session_id, code)
        );
        CREATE TABLE cafe_tables (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES work_sessions(id),
            code TEXT NOT NULL COLLATE NOCASE,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            host TEXT NOT NULL DEFAULT '',
            UNIQUE (session_id, code)
        );
        CREATE TABLE cafe_rounds (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES work_sessions(id),
            position INTEGER NOT NULL,
            minutes INTEGER NOT NULL,
            plan TEXT,
            state TEXT NOT NULL DEFAULT 'waiting'
                CHECK (state IN ('waiting', 'running', 'paused', 'done')),
            started_at TEXT,
            ended_at TEXT,
            ends_at TEXT,
            left_s INTEGER,
            UNIQUE (session_id, position)
        );
        CREATE TABLE cafe_clusters (
            id INTEGER PRIMARY KEY,
            question_id INTEGER NOT NULL REFERENCES cafe_questions(id),
            label TEXT NOT NULL,
            position INTEGER NOT NULL
        );
        CREATE INDEX cafe_clusters_question ON cafe_clusters(question_id);
        CREATE TABLE ideas (
            id INTEGER PRIMARY KEY CHECK (id > 0 AND id < 4503599627370496),
            question_id INTEGER NOT NULL REFERENCES cafe_questions(id),
            table_id INTEGER NOT NULL REFERENCES cafe_tables(id),
            round_id INTEGER REFERENCES cafe_rounds(id),
            text TEXT NOT NULL,
            cluster_id INTEGER REFERENCES cafe_clusters(id),
            tags TEXT NOT NULL DEFAULT '[]',
            state TEXT NOT NULL CHECK (state IN ('visible', 'hidden')),
            merged_into INTEGER,
            created_minute TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX ideas_question ON ideas(question_id, table_id);
        CREATE TABLE idea_dots (
            idea_id INTEGER PRIMARY KEY,
            count INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE cafe_voted (
            question_id INTEGER NOT NULL REFERENCES cafe_questions(id),
            attendee_id INTEGER NOT NULL,
            PRIMARY KEY (question_id, attendee_id)
        ) WITHOUT ROWID;
        CREATE TABLE cafe_joined (
            round_id INTEGER NOT NULL REFERENCES cafe_rounds(id),
            attendee_id INTEGER NOT NULL,
            PRIMARY KEY (round_id, attendee_id)
        ) WITHOUT ROWID;
        CREATE TABLE cafe_join_counts (
            round_id INTEGER NOT NULL REFERENCES cafe_rounds(id),
            table_id INTEGER NOT NULL REFERENCES cafe_tables(id),
            count INTEGER NOT NULL,
            PRIMARY KEY (round_id, table_id)
        ) WITHOUT ROWID;
        -- a table pillar is bound to one table: it reads that table's ideas
        ALTER TABLE devices ADD COLUMN cafe_table_id INTEGER REFERENCES cafe_tables(id);
        """,
    )
    # a change to a session's question, table or round is a change to the session
    for table in ("cafe_questions", "cafe_tables", "cafe_rounds"):
        _run(
            db,
            f"""
            CREATE TRIGGER {table}_session_insert AFTER INSERT ON {table} BEGIN
                UPDATE work_sessions SET phase = phase WHERE id = NEW.session_id;
            END;
            CREATE TRIGGER {table}_session_update AFTER UPDATE ON {table} BEGIN
                UPDATE work_sessions SET phase = phase WHERE id = NEW.session_id;
            END;
            CREATE TRIGGER {table}_session_delete AFTER DELETE ON {table} BEGIN
                UPDATE work_sessions SET phase = phase WHERE id = OLD.session_id;
            END;
            """,
        )


@migrations()
def m010_walk_in_ids(db: Database) -> None:
    """Walk-ins by the desk's own id, and a floor under new attendee ids.

    A desk sends a walk-in again to a standby that took over (its printed ticket names
    the attendee id): ``walk_ins`` makes that exactly once, and the takeover raises
    ``id_floor`` past any attendee the primary may have registered but not shipped, so
    the kept walk-in's id is still free.
    """
    _run(
        db,
        """
        CREATE TABLE walk_ins (
            client_id TEXT PRIMARY KEY,
            attendee_id INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE id_floor (
            name TEXT PRIMARY KEY,
            value INTEGER NOT NULL
        ) WITHOUT ROWID;
        """,
    )


@migrations()
def m011_published_tally(db: Database) -> None:
    """The answers' counts each question was last published with.

    A moderator's change, a paper tally or the console's hand republishes a question
    at once; its answers' counts then stay as last published until *k* new answers
    came, so two looks at a wall around the change never differ by one answer.
    """
    _run(db, "ALTER TABLE poll_published ADD COLUMN tally TEXT;")


@migrations()
def m012_event_font(db: Database) -> None:
    """The event's own font and its licence, stored like the logo and map (by content hash)."""
    _run(
        db,
        """
        ALTER TABLE event ADD COLUMN font TEXT;
        ALTER TABLE event ADD COLUMN font_licence TEXT;
        """,
    )


@migrations()
def m013_event_board(db: Database) -> None:
    """The wall's board: its surface, or an image of the event's own (stored like the logo)."""
    _run(
        db,
        """
        ALTER TABLE event ADD COLUMN board TEXT NOT NULL DEFAULT 'cork';
        ALTER TABLE event ADD COLUMN board_image TEXT;
        """,
    )
