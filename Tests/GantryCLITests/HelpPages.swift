/// The exact help page of every gantry command and subcommand, as `gantry help WORDS` and
/// `gantry WORDS --help` print it (`HelpTextTests`). A change to a command's declaration changes
/// its page here: read the new page as a user would before accepting it.
enum HelpPages {
    static let pages: [(words: [String], page: String)] = [
        ([], """
            gantry: GitLab-CI-compatible pipelines for Python projects

            usage: gantry [--version | --help] COMMAND [ARGUMENT...]

            commands:
              gantry lint                   check .gitlab-ci.yml: `valid`, or every error as F:LINE:COL: message
              gantry config                 the fully merged configuration as JSON
              gantry plan                   which jobs a pipeline for a ref, tag and source creates
              gantry run                    run the pipeline or the named jobs here, each in its own workspace
              gantry python version         the pipeline's PEP 440 version; --write stamps it into
                                            pyproject.toml
              gantry init                   write a .gitlab-ci.yml for this Python project from a template
              gantry server                 git hosting, pipelines on push, GitLab's v4 API and runner protocol
              gantry runner register        register with a server; writes the runner's configuration
              gantry runner run             take jobs from the server and run them until interrupted
              gantry admin user create      add a user
              gantry admin user password    set USER's password for the web UI (ends their sessions)
              gantry admin token create     print a new personal access token for USER
              gantry admin group create     add a group
              gantry admin project create   add a project with an empty repository
              gantry admin transparency-log check
                                            recompute the log's Merkle tree from the stored entries; fail on any
                                            mismatch
              gantry admin oidc rotate      sign new ID tokens with a new key (old ones stay valid)
              gantry pipelines              the newest pipeline of every project in a group, once or --watch
              gantry sigstore trust-config  print a server's sigstore trust config
              gantry help                   show the help of gantry or of a command
              gantry completion             print a shell completion script: source <(gantry completion bash)
              gantry version                print gantry's version

            options:
              --version                     print gantry's version
              -h, --help                    show this help

            `gantry help COMMAND` or `gantry COMMAND --help` shows a command's arguments and options.
            """),
        (["lint"], """
            gantry lint: check .gitlab-ci.yml: `valid`, or every error as F:LINE:COL: message

            usage: gantry lint [--file F] [--server URL] [--token TOKEN] [--template-source URL]

            options:
              --file F               the pipeline file (default: .gitlab-ci.yml at the top of the git checkout)
              --server URL           the Gantry (or GitLab) server that hosts included projects and components
                                     (default: $GANTRY_SERVER, else $CI_SERVER_URL)
              --token TOKEN          a token that may read them (default: $GANTRY_TOKEN, else $CI_JOB_TOKEN)
              --template-source URL  where `include: template:` reads GitLab's templates: a GitLab, or a `gantry
                                     server --ci-templates DIR` (default: $GANTRY_TEMPLATE_SOURCE)
              -h, --help             show this help
            """),
        (["config"], """
            gantry config: the fully merged configuration as JSON

            usage: gantry config [--file F] [--server URL] [--token TOKEN] [--template-source URL]

            options:
              --file F               the pipeline file (default: .gitlab-ci.yml at the top of the git checkout)
              --server URL           the Gantry (or GitLab) server that hosts included projects and components
                                     (default: $GANTRY_SERVER, else $CI_SERVER_URL)
              --token TOKEN          a token that may read them (default: $GANTRY_TOKEN, else $CI_JOB_TOKEN)
              --template-source URL  where `include: template:` reads GitLab's templates: a GitLab, or a `gantry
                                     server --ci-templates DIR` (default: $GANTRY_TEMPLATE_SOURCE)
              -h, --help             show this help
            """),
        (["plan"], """
            gantry plan: which jobs a pipeline for a ref, tag and source creates

            usage: gantry plan [--file F] [--ref R | --tag T] [--source S] [--default-branch B]
                               [--variable K=V]... [--server URL] [--token TOKEN] [--template-source URL]
                               [--json]

            options:
              --file F               the pipeline file (default: .gitlab-ci.yml at the top of the git checkout)
              --ref R                plan for this branch (default: the branch checked out here)
              --tag T                plan for this tag
              --source S             CI_PIPELINE_SOURCE (default: push)
              --default-branch B     CI_DEFAULT_BRANCH (default: origin's HEAD, else init.defaultBranch, else
                                     main)
              --variable K=V         a pipeline variable (repeatable)
              --server URL           the Gantry (or GitLab) server that hosts included projects and components
                                     (default: $GANTRY_SERVER, else $CI_SERVER_URL)
              --token TOKEN          a token that may read them (default: $GANTRY_TOKEN, else $CI_JOB_TOKEN)
              --template-source URL  where `include: template:` reads GitLab's templates: a GitLab, or a `gantry
                                     server --ci-templates DIR` (default: $GANTRY_TEMPLATE_SOURCE)
              --json                 print the plan as JSON instead of a table
              -h, --help             show this help
            """),
        (["run"], """
            gantry run: run the pipeline or the named jobs here, each in its own workspace

            usage: gantry run [JOB...] [--file F] [--ref R | --tag T] [--source S] [--default-branch B]
                              [--variable K=V]... [--server URL] [--token TOKEN] [--template-source URL]
                              [--masked-variable K=V]... [--concurrency N] [--manual JOB]... [--needs] [--keep]
                              [--json-summary FILE] [--executor E] [--docker-host URL] [--docker-image IMAGE]
                              [--pull-policy P]

            arguments:
              JOB...                 run only these jobs (a parallel job's name selects all its instances)

            options:
              --file F               the pipeline file (default: .gitlab-ci.yml at the top of the git checkout)
              --ref R                plan for this branch (default: the branch checked out here)
              --tag T                plan for this tag
              --source S             CI_PIPELINE_SOURCE (default: push)
              --default-branch B     CI_DEFAULT_BRANCH (default: origin's HEAD, else init.defaultBranch, else
                                     main)
              --variable K=V         a pipeline variable (repeatable)
              --server URL           the Gantry (or GitLab) server that hosts included projects and components
                                     (default: $GANTRY_SERVER, else $CI_SERVER_URL)
              --token TOKEN          a token that may read them (default: $GANTRY_TOKEN, else $CI_JOB_TOKEN)
              --template-source URL  where `include: template:` reads GitLab's templates: a GitLab, or a `gantry
                                     server --ci-templates DIR` (default: $GANTRY_TEMPLATE_SOURCE)
              --masked-variable K=V  a pipeline variable whose value is shown as [MASKED] in the output and
                                     every log (repeatable)
              --concurrency N        jobs at once (default: twice the number of cores)
              --manual JOB           play this manual job when the pipeline reaches it (repeatable)
              --needs                with JOB...: also run every job they need, transitively
              --keep                 keep each job's workspace under .gantry/pipelines/IID/workspaces
              --json-summary FILE    also write the summary (statuses, durations, exit codes, logs) to FILE as
                                     JSON
              --executor E           where jobs run: docker (in their image:) or shell (here); default:
                                     $GANTRY_EXECUTOR, else docker when a container engine answers, else shell
              --docker-host URL      the engine: unix:///path or tcp://host:port (default: $DOCKER_HOST, else
                                     the usual sockets)
              --docker-image IMAGE   the image of jobs without image: (default: $GANTRY_DOCKER_IMAGE, else
                                     python:3.11-slim, which scripts/build-image.sh python builds)
              --pull-policy P        for every image: always, if-not-present or never (default: each job's
                                     pull_policy)
              -h, --help             show this help
            """),
        (["python"], """
            gantry python: the Python toolkit for pipelines

            usage: gantry python version [--tag T] [--pipeline-id N] [--ref R] [--write] [--set-name NAME]
                                         [--set-homepage URL] [--project DIR]

            commands:
              version     the pipeline's PEP 440 version; --write stamps it into pyproject.toml

            options:
              -h, --help  show this help

            `gantry help python COMMAND` shows a command's arguments and options.
            """),
        (["python", "version"], """
            gantry python version: the pipeline's PEP 440 version; --write stamps it into pyproject.toml

            usage: gantry python version [--tag T] [--pipeline-id N] [--ref R] [--write] [--set-name NAME]
                                         [--set-homepage URL] [--project DIR]

            options:
              --tag T             the release tag (default: CI_COMMIT_TAG, unless --ref is given)
              --pipeline-id N     the pipeline id (default: CI_PIPELINE_ID, else 0: a local build)
              --ref R             the branch (default: CI_COMMIT_REF_NAME, else the checked-out branch)
              --write             stamp the version into pyproject.toml and the project's __version__ files
              --set-name NAME     with --write: also set the project's name
              --set-homepage URL  with --write: also set the project's Homepage URL
              --project DIR       the project's folder (default: the current folder)
              -h, --help          show this help
            """),
        (["init"], """
            gantry init: write a .gitlab-ci.yml for this Python project from a template

            usage: gantry init [--poetry | --setuptools | --uv] [--force] [--dir D]

            options:
              --poetry      a Poetry project (the Poetry template), whatever its files say
              --setuptools  a setuptools project (the Python-Package template), whatever its files say
              --uv          a uv project (the Python-Package template), whatever its files say
              --force       replace an existing .gitlab-ci.yml
              --dir D       the project's folder (default: the current folder)
              -h, --help    show this help
            """),
        (["server"], """
            gantry server: git hosting, pipelines on push, GitLab's v4 API and runner protocol

            usage: gantry server [--data DIR] [--listen HOST:PORT] [--url EXTERNAL_URL]
                                 [--initial-root-token T | --initial-root-token-file FILE]
                                 [--initial-root-password P | --initial-root-password-file FILE]
                                 [--registration-token T | --registration-token-file FILE] [--runner]
                                 [--runner-concurrency N] [--run-as USER] [--runner-work-dir DIR] [--executor E]
                                 [--docker-image IMAGE] [--docker-host URL] [--docker-volume BIND]...
                                 [--heartbeat-timeout SECONDS] [--max-artifacts-size MB] [--max-package-size MB]
                                 [--max-push-size MB] [--max-job-log-size MB] [--connections-per-client N]
                                 [--idle-timeout SECONDS] [--pypi-upstream URL] [--no-pypi-forwarding]
                                 [--ci-templates DIR] [--remote-include-host HOST[:PORT]]... [--quiet]

            options:
              --data DIR                    everything the server keeps (default: ./gantry-data)
              --listen HOST:PORT            where to listen (default: 127.0.0.1:8080; port 0 picks a free one)
              --url EXTERNAL_URL            the address users and runners reach the server at (default:
                                            http://HOST:PORT)
              --initial-root-token T        root's first personal access token (or GANTRY_INITIAL_ROOT_TOKEN)
              --initial-root-token-file FILE
                                            the same, read from FILE: it never shows in the process list
              --initial-root-password P     root's first password for the web UI (or
                                            GANTRY_INITIAL_ROOT_PASSWORD)
              --initial-root-password-file FILE
                                            the same, read from FILE
              --registration-token T        the runner registration token (or GANTRY_RUNNER_REGISTRATION_TOKEN)
              --registration-token-file FILE
                                            the same, read from FILE: it never shows in the process list
              --runner                      run a runner inside the server
              --runner-concurrency N        jobs the in-process runner takes at once (default: 2)
              --run-as USER                 the in-process runner runs each job's script as this unprivileged
                                            user
              --runner-work-dir DIR         the in-process runner's builds and caches (default: DATA/runner)
              --executor E                  how the in-process runner's jobs run: shell (on this host, the
                                            default) or docker (in their image:)
              --docker-image IMAGE          with --executor docker: the image of jobs without image: (required)
              --docker-host URL             with --executor docker: the engine, unix:///path or tcp://host:port
                                            (default: $DOCKER_HOST, else the usual sockets)
              --docker-volume BIND          with --executor docker: HOST:CONTAINER[:ro], a host folder bound
                                            into every job's container (absolute paths) (repeatable)
              --heartbeat-timeout SECONDS   a running job whose runner is silent this long fails (default: 60)
              --max-artifacts-size MB       the largest artifact upload (default: 100)
              --max-package-size MB         the largest package file (default: 3072)
              --max-push-size MB            the largest git push (default: 1024)
              --max-job-log-size MB         the largest job log kept; past it the log says so (default: 100)
              --connections-per-client N    connections one client address may hold open (default: 64)
              --idle-timeout SECONDS        how long a silent connection is kept (default: 30)
              --pypi-upstream URL           the index unknown PyPI names are forwarded to (default:
                                            https://pypi.org/simple)
              --no-pypi-forwarding          forward only for groups whose setting turns it on
              --ci-templates DIR            CI/CD templates (*.gitlab-ci.yml) served at
                                            /api/v4/templates/gitlab_ci_ymls and used by include: template:,
                                            besides the built-in Python ones
              --remote-include-host HOST[:PORT]
                                            a host on the local network that include: remote: may fetch from
                                            (every other loopback, private or link-local address is refused)
                                            (repeatable)
              --quiet                       no log lines for pipelines, jobs and runners
              -h, --help                    show this help
            """),
        (["runner"], """
            gantry runner: a runner that takes jobs from a Gantry (or GitLab) server

            usage: gantry runner register --url URL --token TOKEN [--tag T]... [--run-untagged]
                                          [--description D] [--executor E] [--docker-image IMAGE]
                                          [--docker-host URL] [--docker-volume BIND]... [--config FILE]
                                          [--work-dir DIR]
                   gantry runner run [--config FILE] [--concurrent N] [--run-as USER]

            commands:
              register    register with a server; writes the runner's configuration
              run         take jobs from the server and run them until interrupted

            options:
              -h, --help  show this help

            `gantry help runner COMMAND` shows a command's arguments and options.
            """),
        (["runner", "register"], """
            gantry runner register: register with a server; writes the runner's configuration

            usage: gantry runner register --url URL --token TOKEN [--tag T]... [--run-untagged]
                                          [--description D] [--executor E] [--docker-image IMAGE]
                                          [--docker-host URL] [--docker-volume BIND]... [--config FILE]
                                          [--work-dir DIR]

            options:
              --url URL             the server's address (required)
              --token TOKEN         a registration token, or a runner's glrt- token made in the server
                                    (required)
              --tag T               a tag jobs can ask for (tags: in .gitlab-ci.yml); commas separate several
                                    (repeatable)
              --run-untagged        with --tag: also take jobs without tags
              --description D       the runner's name in the server (default: this host's name)
              --executor E          how the runner's jobs run: shell (on this host, the default) or docker (in
                                    their image:)
              --docker-image IMAGE  with --executor docker: the image of jobs without image: (required)
              --docker-host URL     with --executor docker: the engine, unix:///path or tcp://host:port
                                    (default: $DOCKER_HOST, else the usual sockets)
              --docker-volume BIND  with --executor docker: HOST:CONTAINER[:ro], a host folder bound into every
                                    job's container (absolute paths) (repeatable)
              --config FILE         where to write the configuration (default: ~/.config/gantry/runner.json)
              --work-dir DIR        the jobs' builds and caches (default: runner-work next to the configuration)
              -h, --help            show this help
            """),
        (["runner", "run"], """
            gantry runner run: take jobs from the server and run them until interrupted

            usage: gantry runner run [--config FILE] [--concurrent N] [--run-as USER]

            options:
              --config FILE   the configuration register wrote (default: ~/.config/gantry/runner.json)
              --concurrent N  jobs at once (default: 1)
              --run-as USER   run each job's script as this unprivileged user
              -h, --help      show this help
            """),
        (["admin"], """
            gantry admin: users, tokens, groups and projects of a server's data directory

            usage: gantry admin [--data DIR] user create NAME [--email E] [--admin]
                                                         [--password P | --password-file FILE]
                   gantry admin [--data DIR] user password USER [--password P | --password-file FILE]
                   gantry admin [--data DIR] token create USER [--name N]
                   gantry admin [--data DIR] group create PATH [--name N] [--parent FULL_PATH] [--visibility V]
                   gantry admin [--data DIR] project create NAMESPACE/PATH [--name N] [--visibility V]
                   gantry admin [--data DIR] transparency-log check
                   gantry admin [--data DIR] oidc rotate

            commands:
              user              the server's users
              token             personal access tokens
              group             groups and subgroups
              project           projects and their git repositories
              transparency-log  the server's Rekor-compatible transparency log
              oidc              the keys jobs' ID tokens are signed with

            options:
              --data DIR        the server's data directory (default: ./gantry-data)
              -h, --help        show this help

            `gantry help admin COMMAND` shows a command's arguments and options.
            """),
        (["admin", "oidc"], """
            gantry admin oidc: the keys jobs' ID tokens are signed with

            usage: gantry admin [--data DIR] oidc rotate

            commands:
              rotate      sign new ID tokens with a new key (old ones stay valid)

            options:
              --data DIR  the server's data directory (default: ./gantry-data)
              -h, --help  show this help

            `gantry help admin oidc COMMAND` shows a command's arguments and options.
            """),
        (["admin", "oidc", "rotate"], """
            gantry admin oidc rotate: sign new ID tokens with a new key (old ones stay valid)

            usage: gantry admin [--data DIR] oidc rotate

            options:
              --data DIR  the server's data directory (default: ./gantry-data)
              -h, --help  show this help
            """),
        (["admin", "user"], """
            gantry admin user: the server's users

            usage: gantry admin [--data DIR] user create NAME [--email E] [--admin]
                                                         [--password P | --password-file FILE]
                   gantry admin [--data DIR] user password USER [--password P | --password-file FILE]

            commands:
              create      add a user
              password    set USER's password for the web UI (ends their sessions)

            options:
              --data DIR  the server's data directory (default: ./gantry-data)
              -h, --help  show this help

            `gantry help admin user COMMAND` shows a command's arguments and options.
            """),
        (["admin", "user", "create"], """
            gantry admin user create: add a user

            usage: gantry admin [--data DIR] user create NAME [--email E] [--admin]
                                                         [--password P | --password-file FILE]

            arguments:
              NAME                  the username

            options:
              --data DIR            the server's data directory (default: ./gantry-data)
              --email E             the user's email (default: NAME@gantry.local)
              --admin               make the user an administrator
              --password P          a password for the web UI (or GANTRY_USER_PASSWORD)
              --password-file FILE  the same, read from FILE: it never shows in the process list
              -h, --help            show this help
            """),
        (["admin", "user", "password"], """
            gantry admin user password: set USER's password for the web UI (ends their sessions)

            usage: gantry admin [--data DIR] user password USER [--password P | --password-file FILE]

            arguments:
              USER                  the username

            options:
              --data DIR            the server's data directory (default: ./gantry-data)
              --password P          the new password (or GANTRY_USER_PASSWORD)
              --password-file FILE  the same, read from FILE: it never shows in the process list
              -h, --help            show this help
            """),
        (["admin", "token"], """
            gantry admin token: personal access tokens

            usage: gantry admin [--data DIR] token create USER [--name N]

            commands:
              create      print a new personal access token for USER

            options:
              --data DIR  the server's data directory (default: ./gantry-data)
              -h, --help  show this help

            `gantry help admin token COMMAND` shows a command's arguments and options.
            """),
        (["admin", "token", "create"], """
            gantry admin token create: print a new personal access token for USER

            usage: gantry admin [--data DIR] token create USER [--name N]

            arguments:
              USER        the username

            options:
              --data DIR  the server's data directory (default: ./gantry-data)
              --name N    the token's name (default: admin)
              -h, --help  show this help
            """),
        (["admin", "group"], """
            gantry admin group: groups and subgroups

            usage: gantry admin [--data DIR] group create PATH [--name N] [--parent FULL_PATH] [--visibility V]

            commands:
              create      add a group

            options:
              --data DIR  the server's data directory (default: ./gantry-data)
              -h, --help  show this help

            `gantry help admin group COMMAND` shows a command's arguments and options.
            """),
        (["admin", "group", "create"], """
            gantry admin group create: add a group

            usage: gantry admin [--data DIR] group create PATH [--name N] [--parent FULL_PATH] [--visibility V]

            arguments:
              PATH                the group's path

            options:
              --data DIR          the server's data directory (default: ./gantry-data)
              --name N            the group's name (default: PATH)
              --parent FULL_PATH  make it a subgroup of this group
              --visibility V      private, internal or public (default: private)
              -h, --help          show this help
            """),
        (["admin", "project"], """
            gantry admin project: projects and their git repositories

            usage: gantry admin [--data DIR] project create NAMESPACE/PATH [--name N] [--visibility V]

            commands:
              create      add a project with an empty repository

            options:
              --data DIR  the server's data directory (default: ./gantry-data)
              -h, --help  show this help

            `gantry help admin project COMMAND` shows a command's arguments and options.
            """),
        (["admin", "project", "create"], """
            gantry admin project create: add a project with an empty repository

            usage: gantry admin [--data DIR] project create NAMESPACE/PATH [--name N] [--visibility V]

            arguments:
              NAMESPACE/PATH  the group or user it belongs to, and its path

            options:
              --data DIR      the server's data directory (default: ./gantry-data)
              --name N        the project's name (default: PATH)
              --visibility V  private, internal or public (default: private)
              -h, --help      show this help
            """),
        (["pipelines"], """
            gantry pipelines: the newest pipeline of every project in a group, once or --watch

            usage: gantry pipelines --group G [--watch] [--interval S] [--timezone TZ] [--ref R] [--status S]
                                    [--json] [--url URL] [--token TOKEN] [--gitlab SECTION] [--standard-api]

            options:
              --group G         the group, by id or full path (its subgroups are included) (required)
              --watch           refresh until interrupted: redraw on a terminal, else one line per change
              --interval S      with --watch: seconds between refreshes (default: 10)
              --timezone TZ     show times in this IANA time zone, e.g. Europe/Berlin (default: this machine's)
              --ref R           the newest pipeline of this branch or tag (default: of any ref)
              --status S        show only projects whose newest pipeline has this status
              --json            print the rows as JSON instead of a table
              --url URL         the server (default: $GITLAB_URL, else the python-gitlab config)
              --token TOKEN     a personal access token (default: $GITLAB_TOKEN, else the python-gitlab config)
              --gitlab SECTION  the server of this section of the python-gitlab config (~/.python-gitlab.cfg)
              --standard-api    use only GitLab's documented endpoints, not Gantry's one-request extension
              -h, --help        show this help
            """),
        (["help"], """
            gantry help: show the help of gantry or of a command

            usage: gantry help [COMMAND...]

            arguments:
              COMMAND...  a command, and a subcommand of it

            options:
              -h, --help  show this help
            """),
        (["completion"], """
            gantry completion: print a shell completion script: source <(gantry completion bash)

            usage: gantry completion SHELL

            arguments:
              SHELL       bash, zsh or fish

            options:
              -h, --help  show this help
            """),
        (["version"], """
            gantry version: print gantry's version

            usage: gantry version

            options:
              -h, --help  show this help
            """),
        (["sigstore"], """
            gantry sigstore: keyless signing with a Gantry server

            usage: gantry sigstore trust-config --url URL

            commands:
              trust-config  print a server's sigstore trust config

            options:
              -h, --help    show this help

            `gantry help sigstore COMMAND` shows a command's arguments and options.
            """),
        (["sigstore", "trust-config"], """
            gantry sigstore trust-config: print a server's sigstore trust config

            usage: gantry sigstore trust-config --url URL

            options:
              --url URL   the server's URL, as its jobs see it in $CI_SERVER_URL (required)
              -h, --help  show this help
            """),
        (["admin", "transparency-log"], """
            gantry admin transparency-log: the server's Rekor-compatible transparency log

            usage: gantry admin [--data DIR] transparency-log check

            commands:
              check       recompute the log's Merkle tree from the stored entries; fail on any mismatch

            options:
              --data DIR  the server's data directory (default: ./gantry-data)
              -h, --help  show this help

            `gantry help admin transparency-log COMMAND` shows a command's arguments and options.
            """),
        (["admin", "transparency-log", "check"], """
            gantry admin transparency-log check: recompute the log's Merkle tree from the stored entries; fail on any mismatch

            usage: gantry admin [--data DIR] transparency-log check

            options:
              --data DIR  the server's data directory (default: ./gantry-data)
              -h, --help  show this help
            """),
    ]
}
