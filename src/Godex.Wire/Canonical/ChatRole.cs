namespace Godex.Wire;

/// <summary>Who speaks a message. Developer is kept apart from System because Responses clients distinguish them.</summary>
public enum ChatRole
{
    System,
    Developer,
    User,
    Assistant,
    Tool,
}
