namespace Albumi.Grains.Catalog;

/// <summary>What a catalogue field holds, and so how its input is checked.</summary>
public enum FieldType
{
    /// <summary>A string up to <see cref="FieldSpec.MaxLength"/> characters.</summary>
    Text,

    /// <summary>true or false.</summary>
    Boolean,

    /// <summary>One of <see cref="FieldSpec.Choices"/>.</summary>
    Choice,

    /// <summary>A calendar date, <c>yyyy-MM-dd</c>.</summary>
    Date,

    /// <summary>The id of a live entity of kind <see cref="FieldSpec.Target"/> in the same workspace.</summary>
    Reference,

    /// <summary>A list of such ids, without repeats.</summary>
    References,

    /// <summary>The account id of a member of the workspace.</summary>
    Member,

    /// <summary>A list of <c>{kind, id}</c> pairs naming entities of any kind but albums.</summary>
    AlbumItems,
}
