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
            int position = columnPosition(file, column, connection);
            // preserve_insertion_order (DuckDB's default) keeps the rows in file order.
            PreparedStatement query = connection.prepareStatement(
                    "SELECT #" + position + " FROM read_parquet(?)");
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

    /**
     * Where the column named exactly {@code column} is, counted from 1. DuckDB's own names ignore case and rename
     * the second of {@code TEXT} and {@code text} to {@code text_1}, so the names come from the file's schema and
     * the column is selected by its position.
     */
    private static int columnPosition(Path file, String column, Connection connection)
            throws SQLException, CorpusException {
        List<String> names = topLevelNames(file, connection);
        int index = names.indexOf(column);
        if (index < 0) {
            throw new CorpusException(file + ": no column '" + column + "'; the columns are "
                    + CorpusException.shown(names)
                    + " (set column: to the one that holds the text)");
        }
        String type = columnTypes(file, connection).get(index);
        if (!type.equals("VARCHAR")) {
            throw new CorpusException(file + ": column '" + column + "' holds " + type + ", not text");
        }
        return index + 1;
    }

    /** The names of the file's columns as stored: the children of the schema's root, not their nested fields. */
    private static List<String> topLevelNames(Path file, Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        List<Integer> children = new ArrayList<>();
        try (PreparedStatement schema = connection.prepareStatement(
                "SELECT name, coalesce(num_children, 0) FROM parquet_schema(?)")) {
            schema.setString(1, literal(file));
            try (ResultSet result = schema.executeQuery()) {
                while (result.next()) {
                    names.add(result.getString(1));
                    children.add(result.getInt(2));
                }
            }
        }
        // The schema lists its elements depth first, the root first; a nested column's fields follow it.
        List<String> columns = new ArrayList<>();
        int element = 1;
        for (int column = 0; column < children.get(0); column++) {
            columns.add(names.get(element));
            element = afterSubtree(children, element);
        }
        return columns;
    }

    private static int afterSubtree(List<Integer> children, int element) {
        int next = element + 1;
        for (int child = 0; child < children.get(element); child++) {
            next = afterSubtree(children, next);
        }
        return next;
    }

    /** DuckDB's type of each column, in the file's order. */
    private static List<String> columnTypes(Path file, Connection connection) throws SQLException {
        List<String> types = new ArrayList<>();
        try (PreparedStatement describe = connection.prepareStatement(
                "SELECT column_type FROM (DESCRIBE SELECT * FROM read_parquet(?))")) {
            describe.setString(1, literal(file));
            try (ResultSet result = describe.executeQuery()) {
                while (result.next()) {
                    types.add(result.getString(1));
                }
            }
        }
        return types;
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

    /** DuckDB's complaint, without the class names of the Thrift decoder that it passes on. */
    private static String firstLine(SQLException e) {
        String message = String.valueOf(e.getMessage());
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).replaceAll("\\w+Exception: ", "");
    }
}
