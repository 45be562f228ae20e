//! Spec examples that decode but do not round-trip, each because the example contradicts
//! its own schema (the line is the operation's in the pinned `openapi.yaml`), not because of
//! the generator. The test fails on a difference missing here, and on an entry that now
//! round-trips.

/// `(operationId#index, where and why)`.
pub const KNOWN_FAILURES: &[(&str, &str)] = &[
    ("createTranscription#4", "openapi.yaml:728: properties the schema does not declare (/task)"),
    ("createTranscription#5", "openapi.yaml:728: properties the schema does not declare (/task)"),
    (
        "listChatCompletions#0",
        "openapi.yaml:2003: properties the schema does not declare (/data/0/request_id, /data/0/seed, /data/0/top_p, /data/0/temperature, /data/0/presence_penalty, /data/0/frequency_penalty)",
    ),
    (
        "getChatCompletion#0",
        "openapi.yaml:3031: properties the schema does not declare (/request_id, /seed, /top_p, /temperature, /presence_penalty, /frequency_penalty)",
    ),
    (
        "updateChatCompletion#0",
        "openapi.yaml:3115: properties the schema does not declare (/request_id, /seed, /top_p, /temperature, /presence_penalty, /frequency_penalty)",
    ),
    ("createCompletion#1", "openapi.yaml:3359: null where the schema requires a value (/choices/0/finish_reason)"),
    ("listEvals#0", "openapi.yaml:4571: properties the schema does not declare (/data/0/testing_criteria/0/id)"),
    ("getEval#0", "openapi.yaml:4915: properties the schema does not declare (/testing_criteria/0/id)"),
    ("updateEval#0", "openapi.yaml:5012: properties the schema does not declare (/testing_criteria/0/id)"),
    ("getEvalRuns#0", "openapi.yaml:5196: null where the schema requires a value (/data/0/error)"),
    (
        "createEvalRun#0",
        "openapi.yaml:5366: null where the schema requires a value (/per_model_usage, /per_testing_criteria_results, /error); properties the schema does not declare (/data_source/sampling_params/max_completions_tokens)",
    ),
    (
        "getEvalRun#0",
        "openapi.yaml:5572: null where the schema requires a value (/per_model_usage, /per_testing_criteria_results, /error); properties the schema does not declare (/data_source/sampling_params/max_completions_tokens)",
    ),
    (
        "cancelEvalRun#0",
        "openapi.yaml:5776: null where the schema requires a value (/per_model_usage, /per_testing_criteria_results, /error); properties the schema does not declare (/data_source/sampling_params/max_completions_tokens)",
    ),
    ("getEvalRunOutputItems#0", "openapi.yaml:6063: null where the schema requires a value (/data/0/sample/error)"),
    ("getEvalRunOutputItem#0", "openapi.yaml:6229: null where the schema requires a value (/sample/error)"),
    ("runGrader#0", "openapi.yaml:6728: a value of another type than the schema's (/metadata/token_usage)"),
    (
        "createFineTuningJob#1",
        "openapi.yaml:7210: null where the schema requires a value (/error/code, /error/message); properties the schema does not declare (/shared_with_openai)",
    ),
    (
        "createFineTuningJob#2",
        "openapi.yaml:7210: null where the schema requires a value (/error/code, /error/message, /hyperparameters); properties the schema does not declare (/shared_with_openai)",
    ),
    ("createFineTuningJob#3", "openapi.yaml:7210: properties the schema does not declare (/shared_with_openai)"),
    (
        "createFineTuningJob#5",
        "openapi.yaml:7210: properties the schema does not declare (/integrations/0/wandb/run_id)",
    ),
    (
        "list-audit-logs#0",
        "openapi.yaml:9460: properties the schema does not declare (/data/1/actor/session/user_agent, /data/1/actor/session/ja3, /data/1/actor/session/ja4, /data/1/actor/session/ip_address_details, /data/1/api_key.updated/data)",
    ),
    ("list-groups#0", "openapi.yaml:10278: properties the schema does not declare (/data/0/object)"),
    ("create-group#0", "openapi.yaml:10352: properties the schema does not declare (/object)"),
    (
        "create-realtime-session#0",
        "openapi.yaml:17068: properties the schema does not declare (/modalities, /voice, /input_audio_format, /output_audio_format, /input_audio_transcription, /temperature, /max_response_output_tokens, /speed, /client_secret)",
    ),
    (
        "create-realtime-transcription-session#0",
        "openapi.yaml:17147: null where the schema requires a value (/client_secret); properties the schema does not declare (/id, /object)",
    ),
    ("createResponse#0", "openapi.yaml:17289: properties the schema does not declare (/store)"),
    ("createResponse#1", "openapi.yaml:17289: properties the schema does not declare (/store)"),
    ("createResponse#2", "openapi.yaml:17289: properties the schema does not declare (/store)"),
    ("createResponse#3", "openapi.yaml:17289: properties the schema does not declare (/store, /tools/0/domains)"),
    ("createResponse#4", "openapi.yaml:17289: properties the schema does not declare (/store)"),
    ("createResponse#6", "openapi.yaml:17289: properties the schema does not declare (/store)"),
    ("createResponse#7", "openapi.yaml:17289: properties the schema does not declare (/store)"),
    ("getResponse#0", "openapi.yaml:18597: properties the schema does not declare (/store)"),
    ("cancelResponse#0", "openapi.yaml:18798: properties the schema does not declare (/store)"),
    ("createThreadAndRun#0", "openapi.yaml:19131: properties the schema does not declare (/tool_resources)"),
    ("modifyMessage#0", "openapi.yaml:20052: properties the schema does not declare (/file_ids)"),
    (
        "listRuns#0",
        "openapi.yaml:20224: null where the schema requires a value (/data/0/instructions, /data/1/instructions); properties the schema does not declare (/data/0/tool_resources, /data/1/tool_resources)",
    ),
    ("createRun#0", "openapi.yaml:20421: null where the schema requires a value (/instructions)"),
    ("getRun#0", "openapi.yaml:20783: null where the schema requires a value (/instructions)"),
    (
        "modifyRun#0",
        "openapi.yaml:20886: null where the schema requires a value (/instructions); properties the schema does not declare (/tool_resources)",
    ),
    ("cancelRun#0", "openapi.yaml:21018: properties the schema does not declare (/tool_resources)"),
    ("submitToolOuputsToRun#0", "openapi.yaml:21372: null where the schema requires a value (/instructions)"),
    (
        "listVectorStores#0",
        "openapi.yaml:21896: properties the schema does not declare (/data/0/description, /data/0/bytes, /data/1/bytes)",
    ),
    ("createVectorStore#0", "openapi.yaml:22015: properties the schema does not declare (/description, /bytes)"),
    ("modifyVectorStore#0", "openapi.yaml:22142: properties the schema does not declare (/description, /bytes)"),
    (
        "retrieveVectorStoreFileContent#0",
        "openapi.yaml:23144: properties the schema does not declare (/file_id, /filename, /attributes, /content)",
    ),
    ("searchVectorStore#0", "openapi.yaml:23193: a value of another type than the schema's (/search_query)"),
    ("createVideo#0", "openapi.yaml:23908: properties the schema does not declare (/quality)"),
    (
        "CancelChatSessionMethod#0",
        "openapi.yaml:25307: properties the schema does not declare (/scope, /ttl_seconds, /cancelled_at)",
    ),
    (
        "CreateChatSessionMethod#0",
        "openapi.yaml:25426: properties the schema does not declare (/scope, /max_requests_per_session)",
    ),
    ("GetThreadMethod#0", "openapi.yaml:25747: properties the schema does not declare (/items)"),
    ("beta_createResponse#0", "openapi.yaml:26134: properties the schema does not declare (/store)"),
    ("beta_createResponse#1", "openapi.yaml:26134: properties the schema does not declare (/store)"),
    ("beta_createResponse#2", "openapi.yaml:26134: properties the schema does not declare (/store)"),
    ("beta_createResponse#3", "openapi.yaml:26134: properties the schema does not declare (/store, /tools/0/domains)"),
    ("beta_createResponse#4", "openapi.yaml:26134: properties the schema does not declare (/store)"),
    ("beta_createResponse#6", "openapi.yaml:26134: properties the schema does not declare (/store)"),
    ("beta_createResponse#7", "openapi.yaml:26134: properties the schema does not declare (/store)"),
    ("beta_getResponse#0", "openapi.yaml:27456: properties the schema does not declare (/store)"),
    ("beta_cancelResponse#0", "openapi.yaml:27683: properties the schema does not declare (/store)"),
];
