/// The schema, as migrations applied in order, each once and in its own transaction.
/// Version N is `migrations[N - 1]`; `schema_migrations` records the applied versions.
///
/// Rules: never edit or reorder a released migration, only append new ones. Dates are INTEGER milliseconds
/// since 1970, booleans 0/1, string lists JSON arrays. Paths and usernames use NOCASE like GitLab's lookups.
/// Entity ids use AUTOINCREMENT so that an id (in URLs and artifact paths) is never handed out twice.
enum Schema {
    static let migrations: [String] = [v1, v2, v3, v4, v5, v6, v7, v8, v9]

    static let v1 = """
        CREATE TABLE users (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            username TEXT NOT NULL COLLATE NOCASE UNIQUE,
            name TEXT NOT NULL,
            email TEXT NOT NULL,
            is_admin INTEGER NOT NULL DEFAULT 0,
            state TEXT NOT NULL DEFAULT 'active',
            created_at INTEGER NOT NULL
        );

        CREATE TABLE access_tokens (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            token_digest TEXT NOT NULL UNIQUE,
            scopes TEXT NOT NULL DEFAULT '[]',
            created_at INTEGER NOT NULL,
            expires_at INTEGER,
            revoked INTEGER NOT NULL DEFAULT 0,
            last_used_at INTEGER
        );
        CREATE INDEX access_tokens_user ON access_tokens(user_id);

        CREATE TABLE groups (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            path TEXT NOT NULL,
            full_path TEXT NOT NULL COLLATE NOCASE UNIQUE,
            parent_id INTEGER REFERENCES groups(id) ON DELETE CASCADE,
            visibility TEXT NOT NULL DEFAULT 'private',
            description TEXT NOT NULL DEFAULT '',
            created_at INTEGER NOT NULL
        );
        CREATE INDEX groups_parent ON groups(parent_id);

        CREATE TABLE projects (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            path TEXT NOT NULL,
            namespace_kind TEXT NOT NULL,
            namespace_id INTEGER NOT NULL,
            path_with_namespace TEXT NOT NULL COLLATE NOCASE UNIQUE,
            visibility TEXT NOT NULL DEFAULT 'private',
            description TEXT NOT NULL DEFAULT '',
            default_branch TEXT NOT NULL DEFAULT 'main',
            created_at INTEGER NOT NULL,
            last_activity_at INTEGER NOT NULL,
            creator_id INTEGER NOT NULL REFERENCES users(id)
        );
        CREATE INDEX projects_namespace ON projects(namespace_kind, namespace_id);

        CREATE TABLE ci_variables (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            owner_kind TEXT NOT NULL,
            owner_id INTEGER NOT NULL,
            key TEXT NOT NULL,
            value TEXT NOT NULL,
            variable_type TEXT NOT NULL DEFAULT 'env_var',
            protected INTEGER NOT NULL DEFAULT 0,
            masked INTEGER NOT NULL DEFAULT 0,
            raw INTEGER NOT NULL DEFAULT 0,
            environment_scope TEXT NOT NULL DEFAULT '*',
            UNIQUE (owner_kind, owner_id, key, environment_scope)
        );

        -- Per-project counters (GitLab's internal_ids): iids are never reused, even after a delete.
        CREATE TABLE internal_ids (
            project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
            usage TEXT NOT NULL,
            last_value INTEGER NOT NULL,
            PRIMARY KEY (project_id, usage)
        ) WITHOUT ROWID;

        CREATE TABLE pipelines (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
            iid INTEGER NOT NULL,
            sha TEXT NOT NULL,
            before_sha TEXT NOT NULL,
            ref TEXT NOT NULL,
            tag INTEGER NOT NULL DEFAULT 0,
            source TEXT NOT NULL,
            status TEXT NOT NULL,
            yaml_errors TEXT,
            user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            started_at INTEGER,
            finished_at INTEGER,
            duration REAL,
            coverage REAL,
            variables_json TEXT NOT NULL DEFAULT '[]',
            UNIQUE (project_id, iid)
        );
        CREATE INDEX pipelines_project_ref ON pipelines(project_id, ref);
        CREATE INDEX pipelines_status ON pipelines(status);

        CREATE TABLE runners (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            token_digest TEXT NOT NULL UNIQUE,
            description TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '[]',
            run_untagged INTEGER NOT NULL DEFAULT 1,
            locked INTEGER NOT NULL DEFAULT 0,
            active INTEGER NOT NULL DEFAULT 1,
            created_at INTEGER NOT NULL,
            contacted_at INTEGER,
            system_id TEXT
        );

        CREATE TABLE jobs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            pipeline_id INTEGER NOT NULL REFERENCES pipelines(id) ON DELETE CASCADE,
            project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            stage TEXT NOT NULL,
            stage_index INTEGER NOT NULL,
            status TEXT NOT NULL,
            when_condition TEXT NOT NULL,
            allow_failure INTEGER NOT NULL DEFAULT 0,
            token_digest TEXT UNIQUE,
            runner_id INTEGER REFERENCES runners(id) ON DELETE SET NULL,
            tags TEXT NOT NULL DEFAULT '[]',
            created_at INTEGER NOT NULL,
            queued_at INTEGER,
            started_at INTEGER,
            finished_at INTEGER,
            duration REAL,
            failure_reason TEXT,
            exit_code INTEGER,
            coverage REAL,
            retried INTEGER NOT NULL DEFAULT 0,
            attempt INTEGER NOT NULL DEFAULT 1,
            trace_size INTEGER NOT NULL DEFAULT 0,
            last_heartbeat_at INTEGER,
            artifacts_file TEXT,
            artifacts_size INTEGER,
            artifacts_expire_at INTEGER
        );
        CREATE INDEX jobs_pipeline ON jobs(pipeline_id);
        CREATE INDEX jobs_project ON jobs(project_id);
        CREATE INDEX jobs_runner ON jobs(runner_id);
        CREATE INDEX jobs_status ON jobs(status);

        CREATE TABLE pipeline_events (
            pipeline_id INTEGER NOT NULL REFERENCES pipelines(id) ON DELETE CASCADE,
            seq INTEGER NOT NULL,
            kind TEXT NOT NULL,
            job_name TEXT,
            success INTEGER,
            exit_code INTEGER,
            reason TEXT,
            at INTEGER NOT NULL,
            PRIMARY KEY (pipeline_id, seq)
        ) WITHOUT ROWID;

        CREATE TABLE job_artifacts (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
            file_type TEXT NOT NULL,
            file_format TEXT NOT NULL,
            path TEXT NOT NULL,
            size INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            expire_at INTEGER
        );
        CREATE INDEX job_artifacts_job ON job_artifacts(job_id);

        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID;
        """

    /// The package registry: packages (one per project, type, name and version) and their files.
    /// Files are stored once per content (by sha256) on disk; `file_name` is unique per project so
    /// that a second upload of a file is refused.
    static let v2 = """
        CREATE TABLE packages (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
            package_type TEXT NOT NULL,
            name TEXT NOT NULL,
            normalized_name TEXT NOT NULL,
            version TEXT NOT NULL,
            normalized_version TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'default',
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            UNIQUE (project_id, package_type, normalized_name, normalized_version)
        );
        CREATE INDEX packages_name ON packages(package_type, normalized_name);

        CREATE TABLE package_files (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            package_id INTEGER NOT NULL REFERENCES packages(id) ON DELETE CASCADE,
            project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
            file_name TEXT NOT NULL COLLATE NOCASE,
            size INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            file_type TEXT NOT NULL,
            requires_python TEXT NOT NULL DEFAULT '',
            pipeline_id INTEGER REFERENCES pipelines(id) ON DELETE SET NULL,
            created_at INTEGER NOT NULL,
            UNIQUE (project_id, file_name)
        );
        CREATE INDEX package_files_package ON package_files(package_id);
        CREATE INDEX package_files_sha256 ON package_files(sha256);
        """

    /// Access as GitLab models it: members of groups and projects with a role (inherited down the
    /// group tree), bot users behind project and group access tokens, protected branches and tags,
    /// deploy tokens, and the job token's inbound allowlist. Creators of existing projects become
    /// their Owners and every existing default branch becomes protected, as GitLab does at creation.
    static let v3 = """
        ALTER TABLE users ADD COLUMN user_type TEXT NOT NULL DEFAULT 'human';

        CREATE TABLE members (
            source_kind TEXT NOT NULL,
            source_id INTEGER NOT NULL,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            access_level INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            expires_at INTEGER,
            created_by_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
            PRIMARY KEY (source_kind, source_id, user_id)
        ) WITHOUT ROWID;
        CREATE INDEX members_user ON members(user_id);

        INSERT INTO members (source_kind, source_id, user_id, access_level, created_at, created_by_id)
            SELECT 'project', id, creator_id, 50, created_at, creator_id FROM projects;

        CREATE TABLE protected_refs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            name TEXT NOT NULL,
            push_access_level INTEGER NOT NULL,
            merge_access_level INTEGER NOT NULL,
            allow_force_push INTEGER NOT NULL DEFAULT 0,
            UNIQUE (project_id, kind, name)
        );

        INSERT INTO protected_refs (project_id, kind, name, push_access_level, merge_access_level)
            SELECT id, 'branch', default_branch, 40, 40 FROM projects;

        CREATE TABLE deploy_tokens (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            owner_kind TEXT NOT NULL,
            owner_id INTEGER NOT NULL,
            name TEXT NOT NULL,
            username TEXT NOT NULL,
            token_digest TEXT NOT NULL UNIQUE,
            scopes TEXT NOT NULL DEFAULT '[]',
            created_at INTEGER NOT NULL,
            expires_at INTEGER,
            revoked INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX deploy_tokens_owner ON deploy_tokens(owner_kind, owner_id);

        CREATE TABLE job_token_allowlist (
            project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
            target_kind TEXT NOT NULL,
            target_id INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            PRIMARY KEY (project_id, target_kind, target_id)
        ) WITHOUT ROWID;

        CREATE TABLE project_ci_settings (
            project_id INTEGER PRIMARY KEY REFERENCES projects(id) ON DELETE CASCADE,
            inbound_job_token_scope_enabled INTEGER NOT NULL DEFAULT 1
        );
        """

    /// A pipeline's warnings, as GitLab keeps a pipeline's messages of severity warning: what
    /// loading its configuration found and GantryLint's advice, a JSON array of
    /// `file:line:col: message` strings. Older pipelines have none.
    static let v4 = """
        ALTER TABLE pipelines ADD COLUMN warnings TEXT NOT NULL DEFAULT '[]';
        """

    /// A CI/CD variable's description (GitLab's `description`, at most 255 characters), a
    /// pipeline's name (`workflow:name`) and when a job was erased; existing rows have none.
    static let v5 = """
        ALTER TABLE ci_variables ADD COLUMN description TEXT;
        ALTER TABLE pipelines ADD COLUMN name TEXT;
        ALTER TABLE jobs ADD COLUMN erased_at INTEGER;
        """

    /// Generic packages: one file name may be in several versions of a package (`app.tar.gz` of
    /// 1.0 and 1.1) and uploaded again (the newest is served), so a file name is unique per
    /// project only for PyPI files. SQLite cannot drop a table constraint: the table is rebuilt.
    static let v6 = """
        CREATE TABLE package_files_v6 (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            package_id INTEGER NOT NULL REFERENCES packages(id) ON DELETE CASCADE,
            project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
            file_name TEXT NOT NULL COLLATE NOCASE,
            size INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            file_type TEXT NOT NULL,
            requires_python TEXT NOT NULL DEFAULT '',
            pipeline_id INTEGER REFERENCES pipelines(id) ON DELETE SET NULL,
            created_at INTEGER NOT NULL
        );
        INSERT INTO package_files_v6 (id, package_id, project_id, file_name, size, sha256, file_type, requires_python,
            pipeline_id, created_at)
        SELECT id, package_id, project_id, file_name, size, sha256, file_type, requires_python, pipeline_id, created_at
        FROM package_files;
        DROP TABLE package_files;
        ALTER TABLE package_files_v6 RENAME TO package_files;
        CREATE INDEX package_files_package ON package_files(package_id);
        CREATE INDEX package_files_sha256 ON package_files(sha256);
        CREATE UNIQUE INDEX package_files_pypi_name ON package_files(project_id, file_name) WHERE file_type <> 'generic';
        """

    /// The transparency log (GantrySigstore, Rekor's v1 API): entries append-only by index, each with
    /// its canonical body (base64), RFC 6962 leaf hash (hex, Rekor's UUID), integration time
    /// (seconds) and signed entry timestamp; the artifact hash (`sha256:<hex>`) for searches. The
    /// tree head the last append made, so that `transparency-log check` notices a removed last entry.
    static let v7 = """
        CREATE TABLE transparency_log_entries (
            log_index INTEGER PRIMARY KEY,
            leaf_hash TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            body TEXT NOT NULL,
            integrated_time INTEGER NOT NULL,
            signed_entry_timestamp TEXT NOT NULL,
            artifact_hash TEXT NOT NULL
        );
        CREATE INDEX transparency_log_entries_artifact ON transparency_log_entries(artifact_hash);
        CREATE TABLE transparency_log_head (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            tree_size INTEGER NOT NULL,
            root_hash TEXT NOT NULL
        );
        """

    /// Sign-in for people in the web UI: a user's password digest (scrypt, see GantryCrypto's
    /// PasswordHash; NULL: no password, tokens only) and the browser sessions, each known by the
    /// sha256 of its cookie secret, with the CSRF token its forms carry.
    static let v8 = """
        ALTER TABLE users ADD COLUMN password_digest TEXT;
        CREATE TABLE web_sessions (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            digest TEXT NOT NULL UNIQUE,
            user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
            csrf_token TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL
        );
        CREATE INDEX web_sessions_user ON web_sessions(user_id);
        """

    /// PEP 740 attestations of PyPI files: who signed a file (the certificate's SAN and the job's
    /// URL) beside the file, read with it for index pages; the provenance object served for it
    /// apart, read only when asked for, and removed with its file.
    static let v9 = """
        ALTER TABLE package_files ADD COLUMN attested_identity TEXT;
        ALTER TABLE package_files ADD COLUMN attested_job TEXT;
        CREATE TABLE package_file_provenance (
            package_file_id INTEGER PRIMARY KEY REFERENCES package_files(id) ON DELETE CASCADE,
            provenance TEXT NOT NULL
        );
        """
}
