//! List pages: the first page a list call returns, the next ones on request, and a stream
//! of every item that fetches pages only as the consumer reaches them.
//!
//! The four page shapes of the official SDKs differ only in where the next page starts, so
//! they are one type, [`ListPage`], with a marker for that rule: [`Page`], [`CursorPage`],
//! [`ConversationCursorPage`] and [`NextCursorPage`].

use std::marker::PhantomData;

use bytes::Bytes;
use futures_util::StreamExt;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::runtime::error::Result;
use crate::runtime::reading::Whole;
use crate::runtime::request::{ApiRequest, FromResponse, SentRequest};
use crate::runtime::response::RawResponse;

/// An item of a [`CursorPage`]: the next page starts after the last item's id.
pub trait CursorItem {
    /// The item's `id`.
    fn cursor_id(&self) -> Option<&str>;
}

/// Where the next page of a [`ListPage`] starts.
pub trait PageKind<T>: Send + Sync + 'static {
    /// The `after` cursor of the next page, from this page's body (`None`: no next page).
    fn next_after(body: &PageBody<T>) -> Option<String>;
}

/// One page only ([`Page`]).
#[derive(Debug, Clone, Copy)]
pub enum Single {}

/// After the last item's `id` ([`CursorPage`]).
#[derive(Debug, Clone, Copy)]
pub enum ItemCursor {}

/// After the page's `last_id` ([`ConversationCursorPage`]).
#[derive(Debug, Clone, Copy)]
pub enum LastIdCursor {}

/// After the page's `next` ([`NextCursorPage`]).
#[derive(Debug, Clone, Copy)]
pub enum NextCursor {}

impl<T> PageKind<T> for Single {
    fn next_after(_: &PageBody<T>) -> Option<String> {
        None
    }
}

impl<T: CursorItem> PageKind<T> for ItemCursor {
    fn next_after(body: &PageBody<T>) -> Option<String> {
        body.data.last()?.cursor_id().map(String::from)
    }
}

impl<T> PageKind<T> for LastIdCursor {
    fn next_after(body: &PageBody<T>) -> Option<String> {
        body.last_id.clone()
    }
}

impl<T> PageKind<T> for NextCursor {
    fn next_after(body: &PageBody<T>) -> Option<String> {
        body.next.clone()
    }
}

/// Every item of a list, page after page: `while let Some(item) = items.next().await`.
pub type ItemStream<T> = futures_util::stream::BoxStream<'static, Result<T>>;

/// `data` only: the whole list in one page.
pub type Page<T> = ListPage<T, Single>;
/// `data` and `has_more`; the next page starts after the last item's `id`.
pub type CursorPage<T> = ListPage<T, ItemCursor>;
/// `data`, `has_more` and `last_id`; the next page starts after `last_id`.
pub type ConversationCursorPage<T> = ListPage<T, LastIdCursor>;
/// `data`, `has_more` and `next`; the next page starts at `next`.
pub type NextCursorPage<T> = ListPage<T, NextCursor>;

/// The fields of a list body that paging reads; the rest stay in the raw body.
#[doc(hidden)]
#[derive(Debug, Deserialize)]
pub struct PageBody<T> {
    #[serde(default = "Vec::new")]
    data: Vec<T>,
    #[serde(default)]
    has_more: Option<bool>,
    #[serde(default)]
    last_id: Option<String>,
    #[serde(default)]
    next: Option<String>,
}

/// One page of a list: its items, and what is needed to fetch the next.
///
/// `page.data` holds the items; [`has_next_page`](Self::has_next_page) and
/// [`next_page`](Self::next_page) walk the list by hand, and
/// [`into_stream`](Self::into_stream) yields every item of this page and the following
/// ones, fetching each next page only when the consumer gets there.
pub struct ListPage<T, K> {
    /// The items of this page.
    pub data: Vec<T>,
    /// Whether the API says more items follow (`None` when the list does not say).
    pub has_more: Option<bool>,
    next_after: Option<String>,
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    request: SentRequest,
    _kind: PhantomData<fn() -> K>,
}

impl<T: std::fmt::Debug, K> std::fmt::Debug for ListPage<T, K> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ListPage")
            .field("data", &self.data)
            .field("has_more", &self.has_more)
            .field("next_after", &self.next_after)
            .finish_non_exhaustive()
    }
}

impl<T, K> ListPage<T, K>
where
    T: DeserializeOwned + Send + 'static,
    K: PageKind<T>,
{
    /// Whether another page follows: not when `has_more` is false, the page is empty, or
    /// there is no cursor to continue from.
    pub fn has_next_page(&self) -> bool {
        self.has_more != Some(false) && !self.data.is_empty() && self.next_after.is_some()
    }

    /// The cursor the next page starts after, if there is a next page.
    pub fn next_cursor(&self) -> Option<&str> {
        self.has_next_page().then_some(self.next_after.as_deref()).flatten()
    }

    /// Fetches the next page with the same query and options, or `None` at the end.
    pub async fn next_page(&self) -> Result<Option<ListPage<T, K>>> {
        match self.next_request() {
            Some(request) => request.await.map(Some),
            None => Ok(None),
        }
    }

    fn next_request(&self) -> Option<ApiRequest<ListPage<T, K>>> {
        let after = self.next_cursor()?;
        let mut request = self.request.clone();
        request.spec.query.retain(|(name, _)| name != "after");
        request.spec.query.push(("after".into(), after.to_string()));
        Some(ApiRequest::from_sent(request))
    }

    /// Every item of this page and of the pages after it. A failed fetch is an error item
    /// and ends the stream.
    pub fn into_stream(self) -> ItemStream<T> {
        let next = self.next_request();
        let state = (self.data.into_iter(), next);
        futures_util::stream::unfold(state, |(mut items, mut next)| async move {
            loop {
                if let Some(item) = items.next() {
                    return Some((Ok(item), (items, next)));
                }
                match next.take()?.await {
                    Ok(page) => {
                        next = page.next_request();
                        items = page.data.into_iter();
                    }
                    Err(e) => return Some((Err(e), (items, None))),
                }
            }
        })
        .boxed()
    }
}

impl<T, K> ListPage<T, K> {
    /// The `x-request-id` header of this page's response.
    pub fn request_id(&self) -> Option<&str> {
        self.headers.get("x-request-id").and_then(|v| v.to_str().ok())
    }

    /// The rate limits this response reports (`x-ratelimit-*`), if any.
    pub fn rate_limit(&self) -> Option<crate::runtime::rate_limit::RateLimit> {
        crate::runtime::rate_limit::RateLimit::from_headers(&self.headers)
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body exactly as it arrived (with `first_id`, `object` and any other property).
    pub fn raw_body(&self) -> &Bytes {
        &self.body
    }

    /// One value of the body by JSON pointer (`/first_id`), declared or not.
    pub fn raw_field(&self, pointer: &str) -> Option<serde_json::Value> {
        serde_json::from_slice::<serde_json::Value>(&self.body).ok()?.pointer(pointer).cloned()
    }

    /// The page's body as JSON text, exactly as the API sent it (see
    /// [`ApiResponse::to_json`](crate::runtime::response::ApiResponse::to_json)).
    pub fn to_json(&self) -> String {
        crate::runtime::response::json_text(&self.body)
    }

    /// The page's body as indented JSON text.
    pub fn to_json_pretty(&self) -> Result<String> {
        crate::runtime::response::pretty_json(&self.body)
    }
}

impl<T, K> IntoIterator for ListPage<T, K> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.data.into_iter()
    }
}

impl<T, K> FromResponse for ListPage<T, K>
where
    T: DeserializeOwned + Send + 'static,
    K: PageKind<T>,
{
    type Output = ListPage<T, K>;
    type Body = Whole;

    fn from_response(raw: RawResponse, request: SentRequest) -> Result<ListPage<T, K>> {
        let body: PageBody<T> = raw.json()?;
        let next_after = K::next_after(&body);
        let (status, headers, bytes) = raw.into_parts();
        Ok(ListPage {
            data: body.data,
            has_more: body.has_more,
            next_after,
            status,
            headers,
            body: bytes,
            request,
            _kind: PhantomData,
        })
    }
}

impl<T, K> ApiRequest<ListPage<T, K>>
where
    T: DeserializeOwned + Send + 'static,
    K: PageKind<T>,
{
    /// How many items a page holds (the list's `limit`): `client.files().list().limit(20)`.
    /// The list's other parameters are set with its `list_with(Params)`.
    pub fn limit(self, limit: u32) -> Self {
        self.list_param("limit", limit.to_string())
    }

    /// Starts after the item with this id (the list's `after` cursor).
    pub fn after(self, id: impl Into<String>) -> Self {
        self.list_param("after", id.into())
    }

    /// Starts before the item with this id (the list's `before` cursor, where it has one).
    pub fn before(self, id: impl Into<String>) -> Self {
        self.list_param("before", id.into())
    }

    /// The list's sort order by creation time: `"asc"` or `"desc"`.
    pub fn order(self, order: impl Into<String>) -> Self {
        self.list_param("order", order.into())
    }

    /// Sets query parameter `name` of the list, replacing any value `list_with` gave it (so
    /// the next page's cursor replaces it in turn).
    fn list_param(mut self, name: &'static str, value: String) -> Self {
        self.update_spec(|spec| {
            spec.query.retain(|(n, _)| n != name);
            spec.query.push((name.to_owned(), value));
            Ok(())
        });
        self
    }

    /// Every item of the list, page after page, each page fetched only when the consumer
    /// reaches it. The query and options of this request apply to every page.
    pub fn into_stream(self) -> ItemStream<T> {
        futures_util::stream::once(std::future::IntoFuture::into_future(self))
            .map(|first| match first {
                Ok(page) => page.into_stream().left_stream(),
                Err(e) => futures_util::stream::once(std::future::ready(Err(e))).right_stream(),
            })
            .flatten()
            .boxed()
    }
}
