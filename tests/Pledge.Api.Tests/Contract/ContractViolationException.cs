namespace Pledge.Api.Tests.Contract;

/// <summary>A response the OpenAPI document does not describe.</summary>
public sealed class ContractViolationException(string message) : Exception(message);
