import Testing
import GantryPipeline

/// The built-in Python templates: they load clean, and plan the jobs GitLab would create for a
/// branch, a release tag and a merge request, with every variable overridable.
struct TemplateTests {
    static let packageTemplates = ["Python-Package.gitlab-ci.yml", "Poetry.gitlab-ci.yml"]

    func including(_ template: String, _ rest: String = "") -> String {
        "include:\n  - template: \(template)\n" + rest
    }

    func planned(_ yaml: String, ref: String = "main", tag: Bool = false, source: String = "push",
                 variables: [(String, String)] = []) throws -> Plan {
        let result = load(yaml)
        let config = try #require(result.config, "\(result.diagnostics.items.map(\.description))")
        let context = PlanContext(ref: ref, refKind: tag ? .tag : .branch, source: source, pipelineVariables: variables)
        switch Planner(config: config, context: context).plan() {
        case .success(let plan): return plan
        case .failure(let failure): throw failure
        }
    }

    func jobs(_ plan: Plan) -> Set<String> { Set(plan.jobs.map(\.name)) }

    /// A planned job's variables, resolved as the job would see them.
    func variables(of job: String, in plan: Plan) throws -> [String: String] {
        let planned = try #require(plan.jobs.first { $0.name == job })
        return plan.layers.jobScope(planned.instance, rule: planned.ruleVariables).resolved()
    }

    @Test(arguments: packageTemplates)
    func registeredAndLoadsWithoutErrorsOrWarnings(_ template: String) throws {
        #expect(BuiltinTemplates.standard.names.contains(template))
        #expect(BuiltinTemplates.standard.names.contains("Python.gitlab-ci.yml"))
        let result = load(including(template))
        #expect(result.diagnostics.items.isEmpty, "\(result.diagnostics.items.map(\.description))")
        // (Loading runs every check `gantry lint` runs, the Python-specific warnings included.)
        let config = try #require(result.config)
        #expect(config.stages == [".pre", "build", "test", "sign", "publish", ".post"])
    }

    @Test(arguments: packageTemplates)
    func branchTagAndMergeRequestPipelines(_ template: String) throws {
        let common: Set = ["build", "unit-tests", "wheel-install", "pylint", "black", "mypy"]
        let extra: Set<String> = template.hasPrefix("Poetry") ? ["poetry-env"] : []

        let branch = try planned(including(template))
        #expect(jobs(branch) == common.union(extra).union(["publish-dry-run"]))
        for release in ["v1.2.3", "1.2.3"] {
            let tag = try planned(including(template), ref: release, tag: true)
            #expect(jobs(tag) == common.union(extra).union(["publish"]), "\(release)")
        }
        // Not a release: a pre-release or any other tag only checks the upload.
        let rc = try planned(including(template), ref: "v1.2.3-rc1", tag: true)
        #expect(jobs(rc).contains("publish-dry-run") && !jobs(rc).contains("publish"))

        // Every job has `rules:`, so merge-request pipelines get them all (GitLab leaves jobs
        // without rules out of those).
        let mr = try planned(including(template), ref: "feature", source: "merge_request_event")
        #expect(jobs(mr) == common.union(extra).union(["publish-dry-run"]))
        // A push to a branch with an open merge request makes no branch pipeline.
        #expect(throws: Planner.Failure.self) {
            try planned(including(template), ref: "feature", variables: [("CI_OPEN_MERGE_REQUESTS", "group/p!1")])
        }

        // Lint jobs never block; the rest do.
        for job in branch.jobs {
            #expect(job.allowFailure == ["pylint", "black", "mypy"].contains(job.name), "\(job.name)")
        }
        #expect(branch.jobs.first { $0.name == "unit-tests" }?.needs?.map(\.job) == (extra.isEmpty ? [] : ["poetry-env"]))
        let publish = try #require(try planned(including(template), ref: "v1.2.3", tag: true).jobs.first { $0.name == "publish" })
        #expect(publish.needs?.map(\.job) == ["build", "unit-tests", "wheel-install"])
        #expect(publish.stage == "publish")
    }

    @Test(arguments: packageTemplates)
    func defaultsAndOverrides(_ template: String) throws {
        let defaults = try variables(of: "unit-tests", in: try planned(including(template)))
        #expect(defaults["PYTHON_VERSION"] == "3.12")
        #expect(defaults["SOURCE_DIR"] == "src")
        #expect(defaults["TEST_DIR"] == "tests")
        #expect(defaults["TEST_RUNNER"] == "unittest")
        #expect(defaults["PYPI_REPOSITORY_URL"] == "")
        // Inside the job's own directory, wherever the runner puts it.
        let branch = try planned(including(template))
        let unitTests = try #require(branch.jobs.first { $0.name == "unit-tests" })
        let payload = branch.layers.jobVariables(unitTests.instance, jobPredefined: [], rule: unitTests.ruleVariables, dotenv: [])
        #expect(JobVariable.environment(payload, runner: [("CI_PROJECT_DIR", "/w/b/0/p")])["PIP_CACHE_DIR"] == "/w/b/0/p/.cache/pip")

        // The project's own variables: override the template's.
        let yaml = including(template, """
        variables:
          PYTHON_VERSION: "3.10"
          SOURCE_DIR: mylib
          TEST_DIR: test
          TEST_RUNNER: pytest
          PYPI_REPOSITORY_URL: https://nexus.example.com/repository/pypi-internal/
          PYLINT_DISABLED: "true"
        """)
        let plan = try planned(yaml)
        let vars = try variables(of: "unit-tests", in: plan)
        #expect(vars["PYTHON_VERSION"] == "3.10")
        #expect(vars["SOURCE_DIR"] == "mylib")
        #expect(vars["TEST_DIR"] == "test")
        #expect(vars["TEST_RUNNER"] == "pytest")
        #expect(vars["PYPI_REPOSITORY_URL"] == "https://nexus.example.com/repository/pypi-internal/")
        #expect(!jobs(plan).contains("pylint"))
        #expect(jobs(plan).contains("black"))
        // The image follows PYTHON_VERSION.
        let image = try #require(plan.jobs.first { $0.name == "build" }?.instance.job["image"]?.string)
        #expect(image == "python:${PYTHON_VERSION}-slim")
        #expect(VariableExpander.expand(image) { vars[$0] } == "python:3.10-slim")

        // Pipeline variables (`gantry run --variable`, CI/CD settings) too.
        let run = try planned(including(template), variables: [("TEST_RUNNER", "pytest"), ("BLACK_DISABLED", "true"),
                                                                ("MYPY_DISABLED", "true")])
        #expect(try variables(of: "wheel-install", in: run)["TEST_RUNNER"] == "pytest")
        #expect(!jobs(run).contains("black") && !jobs(run).contains("mypy") && jobs(run).contains("pylint"))
    }

    @Test(arguments: packageTemplates)
    func jobsCanBeOverridden(_ template: String) throws {
        let yaml = including(template, """
        unit-tests:
          image: python:3.13-slim
        mypy:
          allow_failure: false
        """)
        let result = load(yaml)
        #expect(result.diagnostics.items.isEmpty, "\(result.diagnostics.items.map(\.description))")
        let plan = try planned(yaml)
        let tests = try #require(plan.jobs.first { $0.name == "unit-tests" })
        #expect(tests.instance.job["image"]?.string == "python:3.13-slim")
        #expect(tests.instance.job["script"] != nil)  // merged over the template's job
        #expect(plan.jobs.first { $0.name == "mypy" }?.allowFailure == false)
    }

    @Test func publishUsesTheRegistryVariablesOnlyOnReleaseTags() throws {
        for template in Self.packageTemplates {
            let text = try #require(BuiltinTemplates.standard.text(of: template))
            #expect(text.contains("${PYPI_REPOSITORY_URL:-${CI_API_V4_URL}/projects/${CI_PROJECT_ID}/packages/pypi}"))
            #expect(text.contains("gitlab-ci-token"))
            #expect(text.contains("$CI_JOB_TOKEN"))
            #expect(text.contains("gantry python version --write"))
            #expect(text.contains("command -v gantry"))
            let config = try #require(load(including(template)).config)
            let publish = try #require(config.job(named: "publish"))
            #expect(publish["rules"]?.sequence?.first?.mapping?["if"]?.string == #"$CI_COMMIT_TAG =~ /^v?\d+\.\d+\.\d+$/"#)
            let script = (publish["script"]?.sequence ?? []).compactMap(\.string).joined(separator: "\n")
            #expect(script.contains(template.hasPrefix("Poetry") ? "poetry publish --repository gantry" : "twine upload"))
        }
        let poetry = try #require(BuiltinTemplates.standard.text(of: "Poetry.gitlab-ci.yml"))
        #expect(poetry.contains("poetry config --local repositories.gantry"))
        #expect(poetry.contains("POETRY_HTTP_BASIC_GANTRY_PASSWORD"))
        #expect(!poetry.contains("poetry source add"))  // the project's own sources decide
    }

    /// The sign stage: absent unless SIGN_ENABLED is "true" (in the YAML or as a CI/CD variable);
    /// then in branch and tag pipelines, after the tests, with a sigstore ID token, signing dist/
    /// against the server's trust config, its bundles passed to the upload job.
    @Test(arguments: packageTemplates)
    func signStageOnlyWhenEnabled(_ template: String) throws {
        let defaults = try planned(including(template))
        #expect(!jobs(defaults).contains("sign"))
        #expect(try variables(of: "build", in: defaults)["SIGN_ENABLED"] == "false")
        #expect(!jobs(try planned(including(template), ref: "v1.2.3", tag: true)).contains("sign"))

        let enabled = including(template, "variables:\n  SIGN_ENABLED: \"true\"\n")
        let result = load(enabled)
        #expect(result.diagnostics.items.isEmpty, "\(result.diagnostics.items.map(\.description))")
        for plan in [try planned(enabled), try planned(enabled, ref: "v1.2.3", tag: true),
                     try planned(including(template), ref: "v1.2.3", tag: true, variables: [("SIGN_ENABLED", "true")])] {
            let sign = try #require(plan.jobs.first { $0.name == "sign" })
            #expect(sign.stage == "sign")
            #expect(sign.allowFailure == false)
            #expect(sign.needs?.map(\.job) == ["build", "unit-tests", "wheel-install"])
            let job = sign.instance.job
            #expect(job["id_tokens"]?.mapping?["SIGSTORE_ID_TOKEN"]?.mapping?["aud"]?.string == "sigstore")
            let script = (job["script"]?.sequence ?? []).compactMap(\.string).joined(separator: "\n")
            #expect(script.contains(#"python -m pip install "sigstore==$SIGSTORE_VERSION""#))
            #expect(script.contains(#""$CI_SERVER_URL/-/sigstore/trust-config.json""#))
            #expect(script.contains("python -m sigstore --trust-config trust.json sign dist/*"))
            #expect(script.contains("Attestation.sign(signer, Distribution.from_file(dist))"))
            #expect(script.contains(#"dist.with_name(dist.name + ".publish.attestation")"#))
            #expect(job["artifacts"]?.mapping?["paths"]?.sequence?.compactMap(\.string) == ["dist/*.sigstore.json", "dist/*.publish.attestation"])
            let signVariables = try variables(of: "sign", in: plan)
            #expect(signVariables["SIGSTORE_VERSION"] == "4.5.1" && signVariables["PYPI_ATTESTATIONS_VERSION"] == "0.0.31")
            let upload = try #require(plan.jobs.first { $0.name == "publish" || $0.name == "publish-dry-run" })
            #expect(upload.needs?.map(\.job) == ["build", "unit-tests", "wheel-install", "sign"], "\(upload.name)")
        }
        // "false" or anything but "true" leaves it out.
        #expect(!jobs(try planned(including(template), variables: [("SIGN_ENABLED", "yes")])).contains("sign"))
    }

    /// With the sign job's bundles in dist/, twine gets only the distributions (it refuses any
    /// other file as an "Unknown distribution format"), and the attestations with `--attestations`
    /// only for this project's registry.
    @Test func twineGetsOnlyTheDistributions() throws {
        let config = try #require(load(including("Python-Package.gitlab-ci.yml")).config)
        for job in ["publish", "publish-dry-run"] {
            let lines = ["before_script", "script"].flatMap { config.job(named: job)?[$0]?.sequence ?? [] }.compactMap(\.string)
            for line in lines where line.contains("twine") && !line.contains("install") {
                #expect(line.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("dist/*.whl dist/*.tar.gz"), "\(job): \(line)")
            }
        }
        let upload = (config.job(named: "publish")?["script"]?.sequence ?? []).compactMap(\.string).joined(separator: "\n")
        #expect(upload.contains(#"""
            if [ -z "$PYPI_REPOSITORY_URL" ] && ls dist/*.publish.attestation >/dev/null 2>&1; then
              set -- --attestations dist/*.publish.attestation
            """#), "\(upload)")
        #expect(upload.contains(#"python -m twine upload --repository-url "${PYPI_REPOSITORY_URL:-${CI_API_V4_URL}/projects/${CI_PROJECT_ID}/packages/pypi}" "$@" dist/*.whl"#))
    }

    @Test func poetryConsumersOnlyPullTheEnvironmentCache() throws {
        let config = try #require(load(including("Poetry.gitlab-ci.yml")).config)
        func policy(_ job: String) -> String? { config.job(named: job)?["cache"]?.mapping?["policy"]?.string }
        #expect(policy("poetry-env") == "pull-push")
        for job in ["unit-tests", "pylint", "black", "mypy", "build", "publish-dry-run"] {
            #expect(policy(job) == "pull", "\(job)")
        }
        let paths = config.job(named: "poetry-env")?["cache"]?.mapping?["paths"]?.sequence?.compactMap(\.string) ?? []
        #expect(paths.contains(".venv/"))
        #expect(config.variables.first { $0.name == "POETRY_VIRTUALENVS_IN_PROJECT" }?.value == "true")
    }
}
