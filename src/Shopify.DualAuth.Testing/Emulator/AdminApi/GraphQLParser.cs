namespace Shopify.DualAuth.Testing.Emulator.AdminApi;

/// <summary>
/// Parses the small GraphQL subset the emulated Admin API answers: one query operation of fields,
/// aliases and nested selection sets. Arguments, variables, fragments and directives are refused.
/// </summary>
internal sealed class GraphQLParser
{
    private readonly string _text;
    private int _position;

    private GraphQLParser(string text) => _text = text;

    public static IReadOnlyList<GraphQLField>? TryParse(string query, out string? error)
    {
        var parser = new GraphQLParser(query);
        try
        {
            var selection = parser.ParseOperation();
            error = null;
            return selection;
        }
        catch (FormatException e)
        {
            error = e.Message;
            return null;
        }
    }

    private List<GraphQLField> ParseOperation()
    {
        var token = Peek();
        if (token is "mutation" or "subscription")
        {
            throw new FormatException("The emulated Admin API answers queries only.");
        }

        if (token == "query")
        {
            Next();
            if (Peek() is { } name && IsName(name))
            {
                Next();
            }
        }

        var selection = ParseSelectionSet();
        return Peek() is null ? selection : throw Unexpected();
    }

    private List<GraphQLField> ParseSelectionSet()
    {
        Expect("{");
        var fields = new List<GraphQLField>();
        while (Peek() is { } token && token != "}")
        {
            fields.Add(ParseField());
        }

        Expect("}");
        return fields.Count > 0 ? fields : throw new FormatException("A selection set cannot be empty.");
    }

    private GraphQLField ParseField()
    {
        var key = ExpectName();
        var name = key;
        if (Peek() == ":")
        {
            Next();
            name = ExpectName();
        }

        if (Peek() == "(")
        {
            throw new FormatException($"Field '{name}': arguments are not supported by the emulated Admin API.");
        }

        return new GraphQLField(key, name, Peek() == "{" ? ParseSelectionSet() : null);
    }

    private string ExpectName()
        => Next() is { } token && IsName(token) ? token : throw Unexpected();

    private void Expect(string punctuator)
    {
        if (Next() != punctuator)
        {
            throw Unexpected();
        }
    }

    private FormatException Unexpected()
        => new(_position >= _text.Length ? "Parse error: unexpected end of query." : $"Parse error at offset {_position}.");

    private string? Peek()
    {
        var saved = _position;
        var token = Next();
        _position = saved;
        return token;
    }

    private string? Next()
    {
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (char.IsWhiteSpace(c) || c == ',' || c == '\uFEFF')
            {
                _position++;
            }
            else if (c == '#')
            {
                while (_position < _text.Length && _text[_position] is not ('\n' or '\r'))
                {
                    _position++;
                }
            }
            else
            {
                break;
            }
        }

        if (_position >= _text.Length)
        {
            return null;
        }

        var start = _position;
        var first = _text[_position];
        if (first is '{' or '}' or '(' or ')' or ':')
        {
            _position++;
            return first.ToString();
        }

        if (first == '_' || char.IsAsciiLetter(first))
        {
            while (_position < _text.Length && (_text[_position] == '_' || char.IsAsciiLetterOrDigit(_text[_position])))
            {
                _position++;
            }

            return _text[start.._position];
        }

        throw new FormatException($"Parse error at offset {_position}: the emulated Admin API supports fields and selection sets only.");
    }

    private static bool IsName(string token) => token[0] == '_' || char.IsAsciiLetter(token[0]);
}
