using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Shopify.DualAuth.Sqlite.Internal;

/// <summary>
/// One open connection, configured once, with its statements prepared on first use and kept:
/// a read costs a bind and a step, not an open and a prepare.
/// </summary>
internal sealed class SqliteSession : IDisposable
{
    private readonly SqliteCommand?[] _commands = new SqliteCommand?[SqliteStatements.Count];

    private SqliteSession(SqliteConnection connection) => Connection = connection;

    public SqliteConnection Connection { get; }

    public static SqliteSession Open(string connectionString, TimeSpan busyTimeout)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            connection.Open();
            using var configure = connection.CreateCommand();

            // busy_timeout makes SQLite itself wait (with short sleeps) for another process's
            // write lock. synchronous=FULL fsyncs every commit: a rotated refresh token must not
            // be lost to a power cut, since the old one is already spent at Shopify.
            configure.CommandText = string.Create(
                CultureInfo.InvariantCulture,
                $"PRAGMA busy_timeout = {(long)busyTimeout.TotalMilliseconds}; PRAGMA synchronous = FULL;");
            configure.ExecuteNonQuery();
            return new SqliteSession(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The prepared command for <paramref name="statement"/>, outside any transaction.</summary>
    public SqliteCommand Command(SqliteStatement statement)
    {
        var command = _commands[(int)statement];
        if (command is null)
        {
            var (sql, parameters) = SqliteStatements.Get(statement);
            command = Connection.CreateCommand();
            command.CommandText = sql;
            foreach (var name in parameters)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }

            command.Prepare();
            _commands[(int)statement] = command;
        }

        command.Transaction = null;
        return command;
    }

    public void Dispose()
    {
        foreach (var command in _commands)
        {
            command?.Dispose();
        }

        Connection.Dispose();
    }
}
