package dev.visibility.corpus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@code .parquet} corpus, read with DuckDB's JDBC driver in file order; the column {@code column} holds the
 * texts. DuckDB streams the rows, so only the rows that the samples need are decoded.
 */
final class ParquetTexts implements CorpusTexts {
    private final Path file;
    private final Connection connection;
    private final ResultSet rows;
    private int row;

    private ParquetTexts(Path file, Connection connection, ResultSet rows) {
        this.file = file;
        this.connection = connection;
        this.rows = rows;
    }

    static ParquetTexts open(Path file, String column) throws CorpusException {
        if (!Files.isRegularFile(file)) {
            throw new CorpusException(file + ": file not found");
        }
        Connection connection = null;
        try {
            connection = DriverManager.getConnection("jdbc:duckdb:");
            requireColumn(file, column, connection);
            // preserve_insertion_order (DuckDB's default) keeps the rows in file order.
            PreparedStatement query = connection.prepareStatement(
                    "SELECT " + quoted(column) + " FROM read_parquet(?)");
            query.setString(1, literal(file));
            return new ParquetTexts(file, connection, query.executeQuery());
        } catch (SQLException e) {
            close(connection);
            throw new CorpusException(file + ": not a readable Parquet file (" + firstLine(e) + ")", e);
        } catch (CorpusException e) {
            close(connection);
            throw e;
        }
    }

    private static void requireColumn(Path file, String column, Connection connection)
            throws SQLException, CorpusException {
        List<String> columns = new ArrayList<>();
        try (PreparedStatement describe = connection.prepareStatement(
                "SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(?))")) {
            describe.setString(1, literal(file));
            try (ResultSet result = describe.executeQuery()) {
                while (result.next()) {
                    if (result.getString(1).equals(column)) {
                        if (!result.getString(2).equals("VARCHAR")) {
                            throw new CorpusException(file + ": column '" + column + "' holds "
                                    + result.getString(2) + ", not text");
                        }
                        return;
                    }
                    columns.add(result.getString(1));
                }
            }
        }
        throw new CorpusException(file + ": no column '" + column + "'; the columns are " + columns
                + " (set column: to the one that holds the text)");
    }

    /**
     * The file's path as DuckDB reads it literally: {@code read_parquet} takes {@code *}, {@code ?} and
     * {@code [...]} as a glob, so each of them becomes a character class that holds only itself.
     */
    static String literal(Path file) {
        StringBuilder path = new StringBuilder();
        for (char c : file.toAbsolutePath().toString().toCharArray()) {
            if (c == '*' || c == '?' || c == '[') {
                path.append('[').append(c).append(']');
            } else {
                path.append(c);
            }
        }
        return path.toString();
    }

    /** A SQL identifier, so that any column name is taken literally. */
    private static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    @Override
    public Optional<CorpusText> next() throws CorpusException {
        try {
            if (!rows.next()) {
                return Optional.empty();
            }
            row++;
            // A null row is passed on as one, to be counted like a null in JSON Lines.
            return Optional.of(new CorpusText(rows.getString(1), file + ", row " + row));
        } catch (SQLException e) {
            throw new CorpusException(file + ", row " + (row + 1) + ": cannot be read (" + firstLine(e) + ")", e);
        }
    }

    @Override
    public void close() {
        close(connection);
    }

    private static void close(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // only read from, so nothing is lost
            }
        }
    }

    private static String firstLine(SQLException e) {
        String message = String.valueOf(e.getMessage());
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
