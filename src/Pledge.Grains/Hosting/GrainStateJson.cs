using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;
using Pledge.Grains.Entities;
using Pledge.Grains.Webhooks;

namespace Pledge.Grains.Hosting;

/// <summary>
/// How every Pledge grain state is written to storage, memory and PostgreSQL alike: System.Text.Json with
/// source-generated metadata. Orleans' default storage serializer is Newtonsoft with type names, which cost the silo
/// more CPU per command than the decider did; the stored JSON stays readable by an operator either way.
/// </summary>
public static class GrainStateJson
{
    public static IGrainStorageSerializer Serializer { get; } = Create();

    private static SystemTextJsonGrainStorageSerializer Create()
    {
        var options = new SystemTextJsonGrainStorageSerializerOptions();
        // Reflection stays as a fallback so that a state type added later still persists, only slower.
        options.JsonSerializerOptions.TypeInfoResolver = JsonTypeInfoResolver.Combine(GrainStateJsonContext.Default, new DefaultJsonTypeInfoResolver());
        return new SystemTextJsonGrainStorageSerializer(Options.Create(options));
    }
}

[JsonSerializable(typeof(EntityRecord))]
[JsonSerializable(typeof(LogPage))]
[JsonSerializable(typeof(WebhookBook))]
internal sealed partial class GrainStateJsonContext : JsonSerializerContext;
