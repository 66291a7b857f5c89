"""/api/v1 for the intake: free text and images submitted through a declared channel.

A web form or booking system posts what a person wrote; the channel's rules decide
(reject, keep in the entry only, flag, redact, store) through the same `receive` the
e-mail intake uses. A rejected text is answered with the reply, in the sender's
language, that was also mailed to them; nothing of it is kept. Images lose their
location and camera metadata before they are stored. The token must cover the
channel's purpose.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, UploadFile

from ombud.intake.service import channel_of, receive, receive_image
from ombud.web import problems
from ombud.web.api.schemas import ImageOut, IntakeIn, IntakeOut, Reply
from ombud.web.deps import ContextDep, MailerDep, ScopeDep, SessionDep

router = APIRouter(prefix="/api/v1", tags=["intake"], responses=problems.RESPONSES)

MAX_IMAGE_BYTES = 10 * 1024 * 1024


@router.post("/intake/{channel}", response_model=IntakeOut)
async def post_text(
    channel: str,
    body: IntakeIn,
    session: SessionDep,
    ctx: ContextDep,
    scope: ScopeDep,
    mailer: MailerDep,
) -> IntakeOut:
    """Screen a text and apply the channel's rules; a rejection stores nothing."""
    scope.require(channel_of(ctx.declaration, channel).purpose)
    outcome = receive(
        session,
        ctx,
        channel=channel,
        sender=body.sender,
        text=body.text,
        lang=body.lang,
        mailer=mailer,
        actor=f"token:{scope.name}",
        entry=body.entry,
    )
    reply = Reply(subject=outcome.reply[0], body=outcome.reply[1]) if outcome.reply else None
    return IntakeOut(
        channel=outcome.channel,
        action=outcome.action,
        stored=outcome.subject is not None,
        counts=outcome.counts,
        subject=outcome.subject,
        entry=outcome.entry,
        flagged=outcome.flagged,
        reply=reply,
    )


@router.post(
    "/intake/{channel}/images",
    response_model=ImageOut,
    responses={413: problems.RESPONSES[422] | {"description": "The image is too large."}},
    openapi_extra={
        "requestBody": {
            "content": {
                "multipart/form-data": {
                    "example": {"sender": "anna.svensson@example.com", "image": "(a JPEG file)"}
                }
            }
        }
    },
)
async def post_image(
    channel: str,
    image: Annotated[
        UploadFile, File(description="The image: JPEG, PNG, WebP or GIF, up to 10 MB.")
    ],
    sender: Annotated[str, Form(max_length=320, description="The sender's e-mail address.")],
    session: SessionDep,
    ctx: ContextDep,
    scope: ScopeDep,
    entry: Annotated[int | None, Form(ge=1, description="The entry it belongs to.")] = None,
) -> ImageOut:
    """Store an image for a channel that takes images, without its EXIF, GPS or comments."""
    scope.require(channel_of(ctx.declaration, channel).purpose)
    data = await image.read(MAX_IMAGE_BYTES + 1)  # no more than the limit is read into memory
    if len(data) > MAX_IMAGE_BYTES:
        raise HTTPException(413, "image: got more than 10 MB; expected at most 10 MB")
    stored = receive_image(
        session,
        ctx,
        channel=channel,
        sender=sender,
        image=data,
        actor=f"token:{scope.name}",
        entry=entry,
    )
    return ImageOut(
        channel=stored.channel,
        subject=stored.subject,
        category=stored.category,
        format=stored.format,
        size=stored.size,
        new_records=stored.new_records,
    )
