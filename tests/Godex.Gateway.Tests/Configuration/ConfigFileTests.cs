using Godex.Gateway.Configuration;

namespace Godex.Gateway.Tests.Configuration;

public sealed class ConfigFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("godex-config-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void LoadFile_reads_the_file_and_names_it_as_the_source()
    {
        var path = Path.Combine(_directory, "godex.yaml");
        File.WriteAllText(path, "listen: 127.0.0.1:4000\nkeys: [ \"${NOT_SET}\" ]\n");

        var config = Yaml.Loader().LoadFile(path);

        Assert.Equal("127.0.0.1:4000", config.Listen);
        Assert.Equal(path, config.Source);
        Assert.StartsWith(path + ":2:", Assert.Single(config.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_errors_name_the_file_path()
    {
        var path = Path.Combine(_directory, "bad.yaml");
        File.WriteAllText(path, "listen: 127.0.0.1:4000\nlog_level: loud\n");

        var error = Assert.Throws<ConfigException>(() => Yaml.Loader().LoadFile(path));

        Assert.StartsWith(path + ":2:12: 'log_level':", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_of_a_missing_file_throws_ConfigException()
    {
        var path = Path.Combine(_directory, "absent.yaml");

        var error = Assert.Throws<ConfigException>(() => Yaml.Loader().LoadFile(path));

        Assert.StartsWith(path + ": cannot read the config file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_of_a_directory_throws_ConfigException()
    {
        var error = Assert.Throws<ConfigException>(() => Yaml.Loader().LoadFile(_directory));

        Assert.StartsWith(_directory + ": cannot read the config file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Locate_returns_an_explicit_path_that_exists()
    {
        var path = Path.Combine(_directory, "mine.yaml");
        File.WriteAllText(path, "");

        Assert.Equal(path, ConfigLoader.Locate(path));
    }

    [Fact]
    public void Locate_with_an_explicit_missing_path_throws_ConfigException()
    {
        var path = Path.Combine(_directory, "missing.yaml");

        var error = Assert.Throws<ConfigException>(() => ConfigLoader.Locate(path));

        Assert.Equal($"{path}: config file not found.", error.Message);
    }
}
