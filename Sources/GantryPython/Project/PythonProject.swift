/// What `gantry init` finds in a Python project: its build system (and so the template), its
/// source and test directories, and its test runner, each with the reason it was chosen.
public struct PythonProject: Sendable {
    public enum Template: String, Sendable {
        case pythonPackage = "Python-Package.gitlab-ci.yml"
        case poetry = "Poetry.gitlab-ci.yml"
    }

    /// The build system as people call it: setuptools, poetry, hatchling, uv, flit, pdm, ...
    public var buildSystem: String
    /// Why: `build-backend "setuptools.build_meta"`, `poetry.lock`, `setup.py`, `--poetry`.
    public var buildSystemReason: String
    public var template: Template
    public var name: String?
    /// The package's folder (`src/pvoutput`, `pvoutput`), nil when none was found.
    public var packagePath: String?
    /// SOURCE_DIR: `src` for the src layout, else the package's folder.
    public var sourceDir: String?
    /// TEST_DIR, nil when the project has no tests/ or test/ folder.
    public var testDir: String?
    public var testRunner: String
    public var testRunnerReason: String
    /// pyproject.toml's `[project] dynamic` holds `version`: nothing for `gantry python version` to stamp.
    public var dynamicVersion: Bool
    /// `[[tool.poetry.source]]` URLs Poetry resolves through.
    public var poetrySources: [String]
    /// Things the user should know (no tests found, a lock file the template does not use, ...).
    public var notes: [String]
}
