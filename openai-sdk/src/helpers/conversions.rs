//! Conversions that keep everyday requests short: text into a message or a content part,
//! an image URL into an image part. The generated `From` impls turn a variant's type into
//! its union; these add the values people write most, as openai-python accepts a plain
//! string where a message or a content part goes.

/// `From<&str>` and `From<String>` for `$ty`, building it from the text with `$build`.
#[cfg(any(feature = "chat", feature = "responses"))]
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

#[cfg(feature = "chat")]
mod chat {
    use crate::types::{
        ChatCompletionRequestMessage, ChatCompletionRequestMessageContentPartImage,
        ChatCompletionRequestMessageContentPartImageImageUrl, ChatCompletionRequestMessageContentPartText,
        ChatCompletionRequestUserMessage, ChatCompletionRequestUserMessageContentPart,
    };

    // A plain string is a user message, as in `vec!["Name three rivers.".into()]`.
    from_text!(ChatCompletionRequestMessage, |text| ChatCompletionRequestUserMessage::new(text).into());
    from_text!(ChatCompletionRequestUserMessageContentPart, |text| {
        ChatCompletionRequestMessageContentPartText::new(text).into()
    });

    impl ChatCompletionRequestMessageContentPartImage {
        /// An image part for the image at `url` (`https://...`, or a `data:image/png;base64,...`
        /// URL), at the API's default detail.
        pub fn from_url(url: impl Into<String>) -> Self {
            ChatCompletionRequestMessageContentPartImage::new(
                ChatCompletionRequestMessageContentPartImageImageUrl::new(url),
            )
        }
    }
}

#[cfg(feature = "responses")]
mod responses {
    use crate::types::{
        EasyInputMessage, EasyInputMessageContent, EasyInputMessageRole, ImageDetail, InputContent, InputImageContent,
        InputItem, InputTextContent,
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
    }
}
