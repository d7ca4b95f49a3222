/// The defaults of the variables both Python package templates (`Python-Package.gitlab-ci.yml`,
/// `Poetry.gitlab-ci.yml`) declare: written into their texts from here, and read by `gantry init`,
/// which sets only the variables whose detected values differ.
public enum PythonTemplateDefaults {
    /// What the lint jobs check and coverage measures: `src` for the src layout.
    public static let sourceDir = "src"
    /// Where the tests are.
    public static let testDir = "tests"
    /// unittest or pytest.
    public static let testRunner = "unittest"
}
