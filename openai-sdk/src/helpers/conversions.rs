//! Conversions that keep everyday requests short: text into a message or a content part,
//! an image URL, bytes or file into an image part, a reply into the next request's message. The generated `From` impls turn a variant's type into
//! its union; these add the values people write most, as openai-python accepts a plain
//! string where a message or a content part goes.

/// `From<&str>` and `From<String>` for `$ty`, building it from the text with `$build`.
#[cfg(any(feature = "chat", feature = "responses", feature = "realtime"))]
macro_rules! from_text {
    ($ty:ty, |$text:ident| $build:expr) => {
        impl From<String> for $ty {
            fn from($text: String) -> Self {
                $build
            }
        }

        impl From<&str> for $ty {
            fn from(text: &str) -> Self {
                Self::from(text.to_owned())
            }
        }
    };
}

#[cfg(feature = "realtime")]
mod realtime {
    use crate::types::{
        RealtimeConversationItem, RealtimeConversationItemMessageUser, RealtimeConversationItemMessageUserContent,
        RealtimeConversationItemMessageUserContentType,
    };

    // A plain string is a user's text message on a Realtime connection:
    // `connection.conversation().item().create("Say hello!")`.
    from_text!(RealtimeConversationItem, |text| {
        let part = RealtimeConversationItemMessageUserContent::new()
            .type_(RealtimeConversationItemMessageUserContentType::InputText)
            .text(text);
        RealtimeConversationItemMessageUser::new(vec![part]).into()
    });
}

/// A `data:` URL holding `bytes` of type `mime_type` (`image/png`), as the API takes inline
/// images.
#[cfg(any(feature = "chat", feature = "responses"))]
fn data_url(bytes: &[u8], mime_type: &str) -> String {
    use base64::Engine;
    format!("data:{mime_type};base64,{}", base64::engine::general_purpose::STANDARD.encode(bytes))
}

/// The `data:` URL of the image file at `path`, its type guessed from its extension.
#[cfg(any(feature = "chat", feature = "responses"))]
fn file_data_url(path: &std::path::Path) -> crate::runtime::Result<String> {
    let bytes =
        std::fs::read(path).map_err(|source| crate::runtime::Error::File { path: path.to_path_buf(), source })?;
    let mime_type = mime_guess::from_path(path).first_raw().unwrap_or("application/octet-stream");
    Ok(data_url(&bytes, mime_type))
}

#[cfg(feature = "chat")]
mod chat {
    #![allow(deprecated)] // A reply's `function_call` is deprecated, and still carried over.

    use crate::types::{
        ChatCompletionRequestAssistantMessage, ChatCompletionRequestAssistantMessageAudio,
        ChatCompletionRequestAssistantMessageFunctionCall, ChatCompletionRequestDeveloperMessage,
        ChatCompletionRequestMessage, ChatCompletionRequestMessageContentPartImage,
        ChatCompletionRequestMessageContentPartImageImageUrl, ChatCompletionRequestMessageContentPartText,
        ChatCompletionRequestSystemMessage, ChatCompletionRequestUserMessage,
        ChatCompletionRequestUserMessageContentPart, ChatCompletionResponseMessage,
    };

    // A plain string is a user message, as in `vec!["Name three rivers.".into()]`.
    from_text!(ChatCompletionRequestMessage, |text| ChatCompletionRequestUserMessage::new(text).into());
    from_text!(ChatCompletionRequestUserMessageContentPart, |text| {
        ChatCompletionRequestMessageContentPartText::new(text).into()
    });
    // Each role's message from its text: `ChatCompletionRequestMessage::Developer("Be brief.".into())`.
    from_text!(ChatCompletionRequestDeveloperMessage, |text| Self::new(text));
    from_text!(ChatCompletionRequestSystemMessage, |text| Self::new(text));
    from_text!(ChatCompletionRequestUserMessage, |text| Self::new(text));
    from_text!(ChatCompletionRequestAssistantMessage, |text| Self::new().content(text));

    /// The model's reply as the assistant message of the next request, for a tool loop:
    /// `messages.push(completion.choices[0].message.clone().into())`. Its content, refusal,
    /// tool calls, function call and audio (by id) carry over.
    impl From<ChatCompletionResponseMessage> for ChatCompletionRequestAssistantMessage {
        fn from(reply: ChatCompletionResponseMessage) -> Self {
            let mut message = ChatCompletionRequestAssistantMessage::new();
            message.content = reply.content.map(Into::into);
            message.refusal = reply.refusal;
            message.tool_calls = reply.tool_calls;
            message.function_call = reply
                .function_call
                .map(|f| ChatCompletionRequestAssistantMessageFunctionCall::new(f.arguments, f.name));
            message.audio = reply.audio.map(|a| ChatCompletionRequestAssistantMessageAudio::new(a.id));
            message
        }
    }

    impl From<ChatCompletionResponseMessage> for ChatCompletionRequestMessage {
        fn from(reply: ChatCompletionResponseMessage) -> Self {
            ChatCompletionRequestAssistantMessage::from(reply).into()
        }
    }

    impl ChatCompletionRequestMessageContentPartImage {
        /// An image part for the image at `url` (`https://...`, or a `data:image/png;base64,...`
        /// URL), at the API's default detail.
        pub fn from_url(url: impl Into<String>) -> Self {
            ChatCompletionRequestMessageContentPartImage::new(
                ChatCompletionRequestMessageContentPartImageImageUrl::new(url),
            )
        }

        /// An image part for image `bytes` of type `mime_type` (`image/png`), sent inline as a
        /// `data:` URL.
        pub fn from_bytes(bytes: impl AsRef<[u8]>, mime_type: &str) -> Self {
            Self::from_url(super::data_url(bytes.as_ref(), mime_type))
        }

        /// An image part for the image file at `path`, sent inline; its type is guessed from
        /// the extension. A file that cannot be read is [`Error::File`](crate::Error::File).
        pub fn from_path(path: impl AsRef<std::path::Path>) -> crate::runtime::Result<Self> {
            Ok(Self::from_url(super::file_data_url(path.as_ref())?))
        }
    }
}

#[cfg(feature = "responses")]
mod responses {
    use crate::types::{
        EasyInputMessage, EasyInputMessageContent, EasyInputMessageRole, ImageDetail, InputContent, InputImageContent,
        InputItem, InputTextContent, Item, ItemReferenceParam, ItemReferenceParamType, OutputItem, Response,
    };

    // A plain string is a user message in a list of input items, and a text part in a
    // message's content.
    from_text!(InputItem, |text| EasyInputMessage::user(text).into());
    from_text!(InputContent, |text| InputTextContent::new(text).into());

    impl EasyInputMessage {
        /// A message from the user: text, or a list of parts (`vec!["What is this?".into(),
        /// InputImageContent::from_url(url).into()]`).
        pub fn user(content: impl Into<EasyInputMessageContent>) -> Self {
            EasyInputMessage::new(EasyInputMessageRole::User, content)
        }

        /// A message with the developer's instructions, above the user's.
        pub fn developer(content: impl Into<EasyInputMessageContent>) -> Self {
            EasyInputMessage::new(EasyInputMessageRole::Developer, content)
        }

        /// A system message.
        pub fn system(content: impl Into<EasyInputMessageContent>) -> Self {
            EasyInputMessage::new(EasyInputMessageRole::System, content)
        }

        /// An earlier reply of the model, to carry a conversation on.
        pub fn assistant(content: impl Into<EasyInputMessageContent>) -> Self {
            EasyInputMessage::new(EasyInputMessageRole::Assistant, content)
        }
    }

    impl InputImageContent {
        /// An image part for the image at `url` (`https://...`, or a `data:image/png;base64,...`
        /// URL), at `auto` detail (the API's default; set another with `.detail(..)`).
        pub fn from_url(url: impl Into<String>) -> Self {
            InputImageContent::new(ImageDetail::Auto).image_url(url)
        }

        /// An image part for image `bytes` of type `mime_type` (`image/png`), sent inline as a
        /// `data:` URL, at `auto` detail.
        pub fn from_bytes(bytes: impl AsRef<[u8]>, mime_type: &str) -> Self {
            Self::from_url(super::data_url(bytes.as_ref(), mime_type))
        }

        /// An image part for the image file at `path`, sent inline, at `auto` detail; its type
        /// is guessed from the extension. A file that cannot be read is
        /// [`Error::File`](crate::Error::File).
        pub fn from_path(path: impl AsRef<std::path::Path>) -> crate::runtime::Result<Self> {
            Ok(Self::from_url(super::file_data_url(path.as_ref())?))
        }
    }

    /// An item of a response's output as an item of the next request's input, for a
    /// conversation carried on by hand (openai-python: `input += response.output`). Messages,
    /// tool calls and reasoning go back as they came; an item the input takes only in
    /// another form (a tool call's output as the response echoes it, a compaction) goes back
    /// as a reference to the stored item by id, which needs the response stored (`store`,
    /// on by default); one this SDK does not know goes back as its JSON.
    impl From<OutputItem> for InputItem {
        fn from(item: OutputItem) -> Self {
            match item {
                OutputItem::Message(item) => Item::OutputMessage(item).into(),
                OutputItem::FileSearchCall(item) => Item::FileSearchToolCall(item).into(),
                OutputItem::FunctionCall(item) => Item::FunctionToolCall(item).into(),
                OutputItem::WebSearchCall(item) => Item::WebSearchToolCall(item).into(),
                OutputItem::ComputerCall(item) => Item::ComputerToolCall(item).into(),
                OutputItem::Reasoning(item) => Item::ReasoningItem(item).into(),
                OutputItem::ImageGenerationCall(item) => Item::ImageGenToolCall(item).into(),
                OutputItem::CodeInterpreterCall(item) => Item::CodeInterpreterToolCall(item).into(),
                OutputItem::LocalShellCall(item) => Item::LocalShellToolCall(item).into(),
                OutputItem::LocalShellCallOutput(item) => Item::LocalShellToolCallOutput(item).into(),
                OutputItem::McpCall(item) => Item::McpToolCall(item).into(),
                OutputItem::McpListTools(item) => Item::McpListTools(item).into(),
                OutputItem::McpApprovalRequest(item) => Item::McpApprovalRequest(item).into(),
                OutputItem::CustomToolCall(item) => Item::CustomToolCall(item).into(),
                OutputItem::FunctionCallOutput(item) => reference(item.id),
                OutputItem::ComputerCallOutput(item) => reference(item.id),
                OutputItem::Program(item) => reference(item.id),
                OutputItem::ProgramOutput(item) => reference(item.id),
                OutputItem::ToolSearchCall(item) => reference(item.id),
                OutputItem::ToolSearchOutput(item) => reference(item.id),
                OutputItem::AdditionalTools(item) => reference(item.id),
                OutputItem::Compaction(item) => reference(item.id),
                OutputItem::ShellCall(item) => reference(item.id),
                OutputItem::ShellCallOutput(item) => reference(item.id),
                OutputItem::ApplyPatchCall(item) => reference(item.id),
                OutputItem::ApplyPatchCallOutput(item) => reference(item.id),
                OutputItem::McpApprovalResponse(item) => reference(item.id),
                OutputItem::CustomToolCallOutput(item) => reference(item.id),
                OutputItem::Unknown(value) => InputItem::Unknown(value),
            }
        }
    }

    /// A reference to the stored item `id`, its type spelled out.
    fn reference(id: String) -> InputItem {
        ItemReferenceParam::new(id).type_(ItemReferenceParamType::ItemReference).into()
    }

    impl Response {
        /// Every output item as an input item of the next request (see
        /// `From<OutputItem> for InputItem`): `input.extend(response.output_as_input())`.
        pub fn output_as_input(&self) -> Vec<InputItem> {
            self.output.iter().cloned().map(InputItem::from).collect()
        }
    }
}
